#!/bin/sh
# run_fuzz.sh -- the fuzz_image_strip test: write the seed corpus
# (tests/e2e/image_corpus.py: crafted and camera-style images), then run
# the fuzzer for a bounded time over it, or replay it (replay_main.c).
#
#   run_fuzz.sh FUZZER fuzz|replay WORKDIR
set -eu
bin=$1
mode=$2
work=$3
seeds=$work/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$work/corpus"
/usr/bin/python3 "$(dirname "$0")/../e2e/image_corpus.py" "$seeds"
if [ "$mode" = fuzz ]; then
	exec "$bin" -max_total_time=30 -runs=2000000 -rss_limit_mb=1024 \
		-print_final_stats=1 "$work/corpus" "$seeds"
fi
exec "$bin" "$seeds"/*
