// ISA-L's igzip inflate, for gzip input: it decodes at several times zlib's speed.
#ifndef SMTPLOG_CISAL_SHIM_H
#define SMTPLOG_CISAL_SHIM_H
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>
#endif
