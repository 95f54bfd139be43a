// glibc declares memrchr only with _GNU_SOURCE, which Swift's Glibc module does not set;
// the line parsers need it to find the last separator of a field in one call.
#ifndef SMTPLOG_CMEMORY_SHIM_H
#define SMTPLOG_CMEMORY_SHIM_H
#include <stddef.h>
// mallopt, for the executable's allocation policy (Sources/smtplog/AllocationPolicy.swift).
#include <malloc.h>
void *memrchr(const void *s, int c, size_t n);
#endif
