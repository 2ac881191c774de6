#pragma once

#include <QLocale>

class QCoreApplication;

namespace Ferry {

// Installs Ferry's translation for a locale (translations/ferry_<lang>.ts, compiled into
// the binary under :/i18n and installed to share/ferry/translations) and Qt's own, which translates QWizard's buttons and
// standard dialogs. English needs none; a language without a translation keeps English.
class Translations
{
public:
    // True when Ferry's own translation for the locale was found and installed.
    static bool install(QCoreApplication *application, const QLocale &locale = QLocale());
};

} // namespace Ferry
