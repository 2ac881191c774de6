#include "error.h"

namespace Ferry {

Error::Error(ErrorCode code, QString message, QString details)
    : m_code(code)
    , m_message(std::move(message))
    , m_details(std::move(details))
{
}

ErrorCode Error::code() const
{
    return m_code;
}

QString Error::message() const
{
    return m_message;
}

QString Error::details() const
{
    return m_details;
}

QString Error::toString() const
{
    if (m_details.isEmpty())
        return m_message;
    return m_message + u" (" + m_details + u')';
}

Error Error::prefixed(const QString &context) const
{
    return Error(m_code, context + u": " + m_message, m_details);
}

} // namespace Ferry
