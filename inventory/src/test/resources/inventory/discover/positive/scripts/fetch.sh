#!/bin/sh
set -e
huggingface-cli download acme/script-model config.json --revision main
