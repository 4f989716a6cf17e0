// Package version holds the dockerize release version, which generated
// files quote so a reader knows what made them.
package version

// Version is this release of dockerize.
const Version = "0.1.0"
