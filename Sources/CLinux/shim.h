// Linux interfaces that Glibc's Swift module does not export.
#include <sys/epoll.h>
