#pragma once

// Private to core/target: the libvirt C API at the edge. Included only by .cpp files, so
// no public header (and nothing in ui/ or app/) depends on libvirt's headers.

#include "base/error.h"
#include "target/libvirtconnection.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <QString>

#include <atomic>
#include <memory>
#include <type_traits>

namespace Ferry {

template<typename Pointer, int (*Free)(Pointer)>
struct LibvirtFree
{
    void operator()(Pointer pointer) const
    {
        if (pointer)
            Free(pointer);
    }
};

template<typename Pointer, int (*Free)(Pointer)>
using LibvirtHandle = std::unique_ptr<std::remove_pointer_t<Pointer>, LibvirtFree<Pointer, Free>>;

using DomainHandle = LibvirtHandle<virDomainPtr, virDomainFree>;
using PoolHandle = LibvirtHandle<virStoragePoolPtr, virStoragePoolFree>;
using VolumeHandle = LibvirtHandle<virStorageVolPtr, virStorageVolFree>;
using NetworkHandle = LibvirtHandle<virNetworkPtr, virNetworkFree>;
using InterfaceHandle = LibvirtHandle<virInterfacePtr, virInterfaceFree>;
using StreamHandle = LibvirtHandle<virStreamPtr, virStreamFree>;

// The calling thread's last libvirt error as an ErrorCode::Target Error:
// "context: libvirt's message", with the numeric code and domain in the details. Read it
// right after the failing call, on the same thread; it resets the error.
Error libvirtError(const QString &context);
// The calling thread's last libvirt error code (VIR_ERR_OK when none); does not reset it.
int libvirtErrorCode();
// True, and the error reset, when the calling thread's last libvirt error has this code
// (an expected "not found" answer rather than a failure).
bool takeLibvirtErrorIf(int code);
// Takes ownership of a string libvirt allocated (NULL -> empty).
QString takeLibvirtString(char *text);

// Streams localFile into volume with virStorageVolUpload(SPARSE_STREAM) and
// virStreamSparseSendAll; holes found with SEEK_DATA/SEEK_HOLE are sent as hole markers.
Result<void> uploadSparseFile(virConnectPtr connection, virStorageVolPtr volume, const QString &localFile,
                              const std::atomic<bool> *cancelled, const LibvirtConnection::ProgressFunction &progress);

} // namespace Ferry
