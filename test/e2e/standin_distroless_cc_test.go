package e2e

import (
	"context"
	"fmt"
)

// distrolessCCRecipe makes gcr.io/distroless/cc-debian12: the static one plus
// what the real image adds for dynamically linked C, C++ and Rust programs:
// Debian 12's glibc, libgcc_s, libstdc++, libgomp and OpenSSL's libssl3
// (which distroless base, below cc, carries).
func distrolessCCRecipe(ctx context.Context, s *standins, ref string) error {
	if _, tag := repository(ref); tag != "nonroot" {
		return fmt.Errorf("only the nonroot tag is made here, not %s", tag)
	}
	static := "gcr.io/distroless/static-debian12:nonroot"
	if err := s.dependency(ctx, static); err != nil {
		return err
	}
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM debian:bookworm-slim AS libs
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 libgcc-s1 libstdc++6 libgomp1 \
    && mkdir /out && for p in libc6 libssl3 libgcc-s1 libstdc++6 libgomp1; do dpkg -L "$p"; done \
    | while read -r f; do if [ ! -d "$f" ]; then echo "${f#/}"; fi; done \
    | sort -u | tar -C / -cf - -T - | tar -C /out -xf -
FROM %s
COPY --from=libs /out/ /
`, static), "")
}
