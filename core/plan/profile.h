#pragma once

#include "base/error.h"
#include "plan/migrationplan.h"
#include "vsphere/sourceendpoint.h"

#include <QJsonObject>

namespace Ferry {

// The source half of a profile: an ESXi/vCenter endpoint without its password, or the
// built-in lab. Never holds a secret: whatever password a caller leaves in `endpoint`
// is neither serialised nor kept by Profile::fromJson.
struct ProfileSource
{
    bool lab = false;        // the built-in ferry-lab (its URL and certificate change every start)
    SourceEndpoint endpoint; // url, user and trust when !lab; the password stays empty

    // True when a lab, a host URL or a package is chosen.
    bool isSet() const;
    // An OVA/OVF package: endpoint.url is its file:// URL (user and trust unused).
    bool isPackage() const;
    // The choice of an endpoint (the lab when lab is true), its password dropped.
    static ProfileSource fromEndpoint(const SourceEndpoint &endpoint, bool lab = false);
};

// Every choice of a migration that can be saved and repeated: the source and the
// MigrationPlan. Per-run choices (resume, keep-partial) and secrets (passwords, session
// cookies) are never part of the file.
//
// JSON shape (version 1; keys snake_case; every key but "format" and "version" optional,
// a missing key keeps the MigrationPlan default; unknown keys are rejected so that a
// misspelt hand edit is reported instead of silently ignored):
// {
//   "format": "ferry-profile",
//   "version": 1,
//   "source": { "kind": "host", "url": "https://esxi.example.com:443", "user": "root",
//               "trust": "pinned", "fingerprint": "AB:CD:...(32 bytes)" }
//             | { "kind": "host", ..., "trust": "system" | "insecure" }
//             | { "kind": "lab" }
//             | { "kind": "package", "path": "/srv/appliances/web.ova" }   (an .ova or .ovf),
//   "vms": [ "web01", "db01" ],
//   "target": "dir:/srv/ferry" | "qemu:///system",
//   "disk_format": "raw" | "qcow2",
//   "network_map": { "VM Network": "default" },
//   "storage_pool": "default",
//   "virt_type": "" | "kvm" | "qemu",
//   "report_dir": "/var/lib/ferry/reports",
//   "tuning": { "connections": 8 | "auto", "requests_per_connection": 2,
//               "chunk_size": 33554432, "memory_budget": 268435456 },
//   "shutdown_timeout": 300,              (seconds; only written when not the default)
//   "boot_timeout": 600,                  (seconds the boot check waits; 0 or absent: 300, 900 under TCG)
//   "virtio_win": "/srv/virtio-win.iso",  (only written when set)
//   "flags": { "verify": false, "inspect": true, "convert": true, "start": false, "allow_powered_on": false,
//              "shutdown_source": false }
// }
// chunk_size and memory_budget are written as numbers of bytes; "32M" strings are read too.
// A relative dir: target is resolved against the current directory, as on the command line.
struct Profile
{
    static constexpr int version = 1;       // the version save() writes
    static constexpr int oldestVersion = 1; // the oldest version load() reads

    ProfileSource source;
    MigrationPlan plan; // plan.resume and plan.keepPartial are not saved

    QJsonObject toJson() const;
    // A Usage error naming the bad key (e.g. "tuning.connections") and what it must be,
    // or the version found and the versions this Ferry reads.
    static Result<Profile> fromJson(const QJsonObject &object);
};

} // namespace Ferry
