//go:build lightlint

package lint

import "errors"

// BuildKitChecks is left out of builds tagged lightlint, which are about
// 9 MB smaller: they report only the checks BuildKit runs while parsing
// (StageNameCasing, FromAsCasing, MaintainerDeprecated,
// InvalidDefinitionDescription), not the 18 it runs while converting.
func BuildKitChecks([]byte) ([]Finding, error) {
	return nil, errors.New("built without BuildKit's conversion-time checks")
}
