#!/usr/bin/env bash
# The recipe-switch study of the README's Recipes section: FashionPreActResNet20 on Fashion-MNIST,
# a fixed budget of 1 epoch at batch 128, seeds 0, 1 and 2, each switch alone on the paper's
# recipe and all of them together (--recipe best). Two runs at a time, one worker thread each.
# Every run also evaluates its final weights with and without test-time mirroring; the paper
# runs keep a moving average (which does not change training), so their last checkpoint's
# trained weights and their final average are both evaluated. The recorded study ran this with
# the command line of commit 6d51e09, whose eval of a checkpoint read its trained weights; from
# the next commits on, eval of a checkpoint of a run with --ema reads the average, and the trained
# weights' accuracy is that of the same run without --ema (the average does not change training).
# Usage: docs/runs/recipe-switches-fashion-preact20-1-epoch/run.sh OUT_DIR
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
out=${1:?usage: run.sh OUT_DIR}
sk() { SKIPLINE_JAVA_OPTS="-Xmx6g -Dskipline.threads=1" nice -n 10 "$root/bin/skipline" "$@"; }
declare -A ARGS=(
  [paper]="--ema 0.999"
  [nesterov-wd5e-4]="--nesterov --weight-decay 5e-4"
  [cosine-warmup]="--schedule cosine --warmup linear --warmup-steps 400 --warmup-lr 0.01"
  [label-smoothing]="--label-smoothing 0.1"
  [erasing]="--erasing 0.5"
  [best]="--recipe best"
)
lane() {
  local i=0
  for seed in 0 1 2; do
    for c in paper nesterov-wd5e-4 cosine-warmup label-smoothing erasing best; do
      (( i++ % 2 == $1 )) || continue
      local run=$out/$c-seed$seed
      [[ -f $run/done ]] && continue
      rm -rf "$run"; mkdir -p "$run"
      # shellcheck disable=SC2086
      sk train --model FashionPreActResNet20 --data fashion-mnist --epochs 1 --batch 128 \
        --seed "$seed" ${ARGS[$c]} --out "$run" > "$run/train.log" 2>&1 || continue
      sk eval --model FashionPreActResNet20 --data fashion-mnist \
        --weights "$run/final.safetensors" > "$run/eval-final.log" 2>&1
      sk eval --model FashionPreActResNet20 --data fashion-mnist \
        --weights "$run/final.safetensors" --tta > "$run/eval-final-tta.log" 2>&1
      if [[ $c == paper ]]; then
        local last
        last=$(ls "$run"/checkpoints/*.safetensors | tail -n 1)
        sk eval --model FashionPreActResNet20 --data fashion-mnist --weights "$last" \
          > "$run/eval-trained.log" 2>&1
        sk eval --model FashionPreActResNet20 --data fashion-mnist --weights "$last" --tta \
          > "$run/eval-trained-tta.log" 2>&1
      fi
      touch "$run/done"
    done
  done
}
lane 0 & lane 1 & wait
python3 "$root/docs/runs/recipe-switches-fashion-preact20-1-epoch/table.py" "$out"
