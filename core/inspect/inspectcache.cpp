#include "inspectcache.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace Ferry {

std::optional<InspectCache::Key> InspectCache::keyFor(const InspectSource &target)
{
    if (target.kind != InspectSource::Kind::Image)
        return std::nullopt;
    const QString path = QFileInfo(target.image).absoluteFilePath();
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return Key{path, qint64(st.st_size), qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::optional<InspectCache::Entry> InspectCache::lookup(const Key &key)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key.path);
    if (it == m_entries.end()) {
        ++m_misses;
        return std::nullopt;
    }
    if (!(it->first == key)) {
        m_entries.erase(it);
        ++m_invalidations;
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    return it->second;
}

void InspectCache::store(const Key &key, const Entry &entry)
{
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= kMaxEntries && !m_entries.contains(key.path))
        m_entries.erase(m_entries.begin()); // any one: the cache only saves probing time
    m_entries.insert(key.path, {key, entry});
}

int InspectCache::hits() const
{
    std::lock_guard lock(m_mutex);
    return m_hits;
}

int InspectCache::misses() const
{
    std::lock_guard lock(m_mutex);
    return m_misses;
}

int InspectCache::invalidations() const
{
    std::lock_guard lock(m_mutex);
    return m_invalidations;
}

} // namespace Ferry
