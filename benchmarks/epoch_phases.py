"""Where a yolofrz training epoch goes: the training pass, the part of it spent waiting for the loader, validation.

    python benchmarks/epoch_phases.py [--freeze 0] [--epochs 5] [--workers 2]

Trains yolov5n from scratch on the built-in 'source' data at 320 px, batch 16 (the settings of `epoch_time.py`'s
`full` configuration; `--freeze 10` or `24` runs its `f10-cache`/`f24-cache`: hyp.no-aug with the frozen-feature
cache), and prints per epoch: the time between epoch starts, the training pass (`t_train`), the seconds the training
loop waited for its next batch, and the seconds in `validate`.
"""
import argparse, time
from pathlib import Path
import tempfile
import yolofrz.train as T
from yolofrz.datasets import shapes

HERE = Path(__file__).resolve().parent

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--freeze', type=int, default=0); ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    data = shapes(HERE/'_data'/'source-250-320', 'source', n=250, imgsz=320, verbose=False)
    starts, t_train, waits, val = [], [], [], []

    class Clock:
        def on_epoch_start(self, s): starts.append(time.perf_counter())
        def on_val_end(self, s): t_train.append(s.progress.t_train)

    epoch_batches, validate = T.epoch_batches, T.validate
    def timed_batches(s):
        batches, cached = epoch_batches(s)
        def waited():
            it, w = iter(batches), 0.0
            while True:
                t0 = time.perf_counter()
                try: b = next(it)
                except StopIteration: break
                w += time.perf_counter() - t0
                yield b
            waits.append(w)
        return waited(), cached
    def timed_validate(*args, **kwargs):
        t0 = time.perf_counter()
        try: return validate(*args, **kwargs)
        finally: val.append(time.perf_counter() - t0)
    T.epoch_batches, T.validate = timed_batches, timed_validate
    kw = dict(hyp='hyp.scratch-low.yaml') if not a.freeze else dict(hyp='hyp.no-aug.yaml', feature_cache='ram')
    with tempfile.TemporaryDirectory() as project:
        T.train(data, cfg='yolov5n.yaml', weights='', epochs=a.epochs, imgsz=320, batch_size=16, workers=a.workers, freeze=a.freeze,
                device='cpu', project=project, name='phases', quiet=True, plots=False, callbacks=[Clock()], **kw)
    fmt = lambda xs: ' '.join(f'{x:.2f}' for x in xs)
    print(f'yolov5n, 320 px, batch 16, {a.workers} workers, freeze {a.freeze}; seconds per epoch (epoch 0 first)')
    print(f'  between epoch starts     {fmt(b - a for a, b in zip(starts, starts[1:]))}')
    print(f'  training pass            {fmt(t_train)}')
    print(f'  waiting for the loader   {fmt(waits)}')
    print(f'  validation               {fmt(val[:a.epochs])}')

if __name__ == '__main__': main()
