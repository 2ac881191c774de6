#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Ferry {

bool Translations::install(QCoreApplication *application, const QLocale &locale)
{
    auto *qt = new QTranslator(application);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    // An installed .qm (share/ferry/translations next to bin/) wins over the built-in
    // one, so an updated translation can be dropped in without a rebuild.
    const QString installed = QCoreApplication::applicationDirPath() + u"/../share/ferry/translations"_s;
    for (const QString &directory : {installed, u":/i18n"_s}) {
        auto *ferry = new QTranslator(application);
        if (ferry->load(locale, u"ferry"_s, u"_"_s, directory)) {
            QCoreApplication::installTranslator(ferry);
            return true;
        }
        delete ferry;
    }
    return false;
}

} // namespace Ferry
