// liblzma, for xz-compressed rotated logs. Swift cannot import macros built from UINT32_C or
// struct initialisers, so the two this package needs are functions here.
#ifndef SMTPLOG_CLZMA_SHIM_H
#define SMTPLOG_CLZMA_SHIM_H
#include <lzma.h>

static inline uint32_t smtplog_lzma_concatenated(void) { return LZMA_CONCATENATED; }
static inline lzma_stream smtplog_lzma_stream_init(void) { lzma_stream stream = LZMA_STREAM_INIT; return stream; }

#endif
