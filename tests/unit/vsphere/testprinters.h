#pragma once

// QTest prints ErrorCode in failure messages. (The inventory enums have Ferry::toString
// overloads returning QString, which ADL prefers; tests compare those strings instead.)
#include "base/error.h"

#include <QTest>

namespace QTest {

template<>
inline char *toString(const Ferry::ErrorCode &value)
{
    return qstrdup(QByteArray::number(int(value)).prepend("ErrorCode ").constData());
}

} // namespace QTest
