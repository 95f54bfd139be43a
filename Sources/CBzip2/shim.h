// libbz2, for bzip2-compressed rotated logs. Debian ships no pkg-config file for it: the
// header is in the default include path and the module map links -lbz2.
#ifndef SMTPLOG_CBZIP2_SHIM_H
#define SMTPLOG_CBZIP2_SHIM_H
#include <bzlib.h>
#endif
