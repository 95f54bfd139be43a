// libzstd, for zstd-compressed rotated logs (logrotate's compresscmd zstd).
#ifndef SMTPLOG_CZSTD_SHIM_H
#define SMTPLOG_CZSTD_SHIM_H
#include <zstd.h>
#endif
