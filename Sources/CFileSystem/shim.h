// statfs(2), which Swift's Glibc module does not export: the file system type of an opened
// input, to refuse kernel pseudo-files (procfs, sysfs) whose reads can wait forever.
#ifndef SMTPLOG_CFILESYSTEM_SHIM_H
#define SMTPLOG_CFILESYSTEM_SHIM_H
#include <sys/vfs.h>
#endif
