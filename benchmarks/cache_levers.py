"""The encoded cache's levers on a data set: tile size x JPEG quality, memory and item speed against 'ram'.

    python benchmarks/cache_levers.py --data benchmarks/_data/photos-320/data.yaml --imgsz 320 [--items 64] [--repeats 3]
    python benchmarks/cache_levers.py --data ... --imgsz 320 --decode-paths   # libjpeg-turbo's op directly vs torchvision's wrapper

Items are made in this process (no workers, so the ratio is the dataset's own cost, not the scheduler's): mosaic,
perspective, HSV and flips (hyp.scratch-low), the same draws for both caches; the 'ram' rate is re-measured beside
each variant and the ratio uses the mean of the two measurements around it. Medians of the repeats.
"""
import argparse, statistics, time
import yolofrz.data as data
from yolofrz.config import load_data_cfg
from yolofrz.data import YoloDataset

def items_per_s(ds, n, repeats):
    rates = []
    for r in range(repeats):
        ds.epoch = r
        t0 = time.perf_counter()
        for i in range(n): ds[i % len(ds)]
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True); ap.add_argument('--imgsz', type=int, default=320)
    ap.add_argument('--items', type=int, default=64); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--tiles', type=int, nargs='+', default=None); ap.add_argument('--qualities', type=int, nargs='+', default=[95, 90, 85])
    ap.add_argument('--decode-paths', action='store_true', help='default tiles and quality: the op called directly vs the sniffing wrapper path')
    a = ap.parse_args()
    split = load_data_cfg(a.data)['train']
    kw = dict(img_size=a.imgsz, augment=True, hyp='hyp.scratch-low.yaml', verbose=False)
    ram = YoloDataset(split, cache='ram', **kw)
    if a.decode_paths:
        enc, rates = YoloDataset(split, cache='encoded', **kw), {'ram': [], 'op direct': [], 'wrapper, sniffed': []}
        for r in range(a.repeats):  # alternating, one item pass each
            rates['ram'].append(items_per_s(ram, a.items, 1))
            for path, codec in (('op direct', 'jpeg'), ('wrapper, sniffed', None)):
                for im in enc.ims: im.codec = codec  # codec None: decode_images sniffs each tile and goes through torchvision.io
                rates[path].append(items_per_s(enc, a.items, 1))
        m = {k: statistics.median(v) for k, v in rates.items()}
        print(' | '.join(f'{k}: {v:.0f} items/s ({v / m["ram"]:.2f}x)' for k, v in m.items()))
        return
    before, default_tile = items_per_s(ram, a.items, a.repeats), data.tile_size
    print(f'| tile | quality | memory vs ram | items/s encoded | items/s ram | speed vs ram |\n|---|---|---|---|---|---|')
    for tile in a.tiles or [64, data.tile_size(a.imgsz), a.imgsz // 2, a.imgsz]:
        for q in a.qualities:
            data.tile_size = lambda s, t=tile: t
            try: enc = YoloDataset(split, cache='encoded', cache_quality=q, **kw)
            finally: data.tile_size = default_tile
            r, after = items_per_s(enc, a.items, a.repeats), items_per_s(ram, a.items, a.repeats)
            base = (before + after) / 2
            print(f'| {tile} | {q} | 1/{ram.cache_bytes / enc.cache_bytes:.1f} | {r:.0f} | {base:.0f} | {r / base:.2f}x |', flush=True)
            before = after

if __name__ == '__main__': main()
