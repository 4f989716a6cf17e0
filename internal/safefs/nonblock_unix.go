//go:build unix

package safefs

import "syscall"

// nonBlock opens without waiting: opening a named pipe for reading blocks
// until a writer comes, and the type is only known for sure once it is open.
const nonBlock = syscall.O_NONBLOCK
