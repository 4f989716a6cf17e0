//go:build !unix

package safefs

// nonBlock is a Unix flag; elsewhere named pipes are not files in a tree.
const nonBlock = 0
