#!/usr/bin/env bash
# A sample of the real news corpus through `hoptac extract` under the sanitizers
# (`make corpus-check` runs every article).
exec bash "$(dirname "$0")/../corpus-check.sh" --sample 1200
