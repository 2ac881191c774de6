// Profile::fromJson on arbitrary JSON (what --profile and the wizard's Open read).
// A profile that loads must survive a save and a load unchanged: toJson() writes only
// what fromJson() accepts, and reading it back gives the same JSON.
#include "fuzzinput.h"
#include "profile.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument document = QJsonDocument::fromJson(fuzzBytes(data, size));
    if (!document.isObject())
        return 0;
    auto profile = Ferry::Profile::fromJson(document.object());
    if (!profile)
        return 0;
    const QJsonObject saved = profile->toJson();
    auto reloaded = Ferry::Profile::fromJson(saved);
    FUZZ_ASSERT(reloaded.has_value());
    FUZZ_ASSERT(reloaded->toJson() == saved);
    return 0;
}
