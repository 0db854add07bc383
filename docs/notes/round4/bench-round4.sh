#!/bin/sh
# The round-4 issue-22 run (quiet machine, nothing else compiling). Builds the release binary of
# the checked-out commit (recorded in the header), then every issue-22 target in one run.
cd /work/main && python3 scripts/bench --issue22 --runs 5 --city-runs 3 \
    --zola /work/zola-src/target/release/zola --hugo /usr/bin/hugo \
    --json /dev/shm/issue22-r4.json
