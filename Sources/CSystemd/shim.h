// libsystemd's sd-journal API: `smtplog report --journal` reads the mail programs' entries
// straight from the systemd journal (Debian 12 logs Postfix and Exim there, with no mail.log).
#ifndef SMTPLOG_CSYSTEMD_SHIM_H
#define SMTPLOG_CSYSTEMD_SHIM_H
#include <systemd/sd-journal.h>
#endif
