#ifndef SMTPLOG_CZLIB_SHIM_H
#define SMTPLOG_CZLIB_SHIM_H
#include <zlib.h>
#endif
