"""The encoded cache's levers on a data set: memory, decoded quality and speed against 'ram', each measured.

    python benchmarks/cache_levers.py --data benchmarks/_data/photos-320/data.yaml --imgsz 320 [--items 48] [--repeats 9]

1. Decoders and codecs on whole images (the training split's resized images, each decoded once per round): JPEG
   through libjpeg-turbo's op (`torch.ops.image.decode_jpeg`), the same JPEG through PIL, with and without restart
   markers and fitted Huffman tables, other qualities, 4:4:4 chroma, quality chosen per image for a 35 dB PSNR floor,
   and lossy WebP through PIL; ns per pixel (round-robin over the variants), memory against the raw pixels, PSNR
   (median and worst image).
2. Cache variants, dataset items (mosaic, perspective, HSV and flips of hyp.scratch-low, the same draws for every
   variant) made in this process (no workers: the dataset's own cost): the restart-marked JPEG the cache keeps
   (quality 90, 95, 85; 4:2:0 or 4:4:4 chroma) and grids of 160-px JPEG tiles (what it kept before, at quality 95).
   Round-robin: every variant and 'ram' make --items items in each of --repeats rounds; a variant's speed is the median
   over rounds of its rate over that round's 'ram' rate. Also per item: the pixels the samples show, the pixels the
   cache decodes to show them, and its decode calls.
"""
import argparse, io, statistics, time
import numpy as np
import torch
from PIL import Image
from yolofrz.config import load_data_cfg
from yolofrz.data import YoloDataset
from yolofrz.image_cache import EncodedImage, RestartJpeg

def psnr(a, b):  # dB, 8-bit pixels
    mse = float(((a.astype(np.float64) - b) ** 2).mean())
    return float('inf') if mse == 0 else 10 * np.log10(255 ** 2 / mse)

def jpeg(im, **kw):
    buf = io.BytesIO(); Image.fromarray(im).save(buf, 'JPEG', **kw); return buf.getvalue()

def codecs(ims, repeats):
    "Whole-image decoding: ns per pixel, memory vs raw, PSNR."
    op, rgb = torch.ops.image.decode_jpeg, 3  # ImageReadMode.RGB
    dec_op = lambda b: op(torch.frombuffer(bytearray(b), dtype=torch.uint8), rgb, False).permute(1, 2, 0).numpy()
    dec_pil = lambda b: np.asarray(Image.open(io.BytesIO(b)).convert('RGB'))
    q90 = dict(quality=90, subsampling=2)
    webp = lambda q: lambda im: (lambda b: (Image.fromarray(im).save(b, 'WEBP', quality=q, method=0), b.getvalue())[1])(io.BytesIO())
    variants = {  # name: (encode, decode)
        'JPEG q90 4:2:0, op': (lambda im: jpeg(im, **q90), dec_op),
        'JPEG q90 4:2:0, PIL': (lambda im: jpeg(im, **q90), dec_pil),
        'JPEG q90 4:2:0 + restart markers, op': (lambda im: jpeg(im, **q90, restart_marker_blocks=1), dec_op),
        'JPEG q90 4:2:0 + restart markers + fitted Huffman, op (the cache)': (lambda im: jpeg(im, **q90, restart_marker_blocks=1, optimize=True), dec_op),
        'JPEG q95 4:2:0 + restart markers + fitted Huffman, op': (lambda im: jpeg(im, quality=95, subsampling=2, restart_marker_blocks=1, optimize=True), dec_op),
        'JPEG q85 4:2:0 + restart markers + fitted Huffman, op': (lambda im: jpeg(im, quality=85, subsampling=2, restart_marker_blocks=1, optimize=True), dec_op),
        'JPEG q90 4:4:4 + restart markers + fitted Huffman, op': (lambda im: jpeg(im, quality=90, subsampling=0, restart_marker_blocks=1, optimize=True), dec_op),
        'WebP lossy q90, PIL': (webp(90), dec_pil),
        'WebP lossy q95, PIL': (webp(95), dec_pil),
    }
    def floor_35(im):  # the lowest quality of 95..75 whose JPEG keeps this image at PSNR >= 35 dB (else 95)
        for q in (75, 80, 85, 90, 95):
            b = jpeg(im, quality=q, subsampling=2, restart_marker_blocks=1, optimize=True)
            if psnr(dec_op(b), im) >= 35: return b
        return b
    variants['JPEG per-image quality, PSNR floor 35 dB, restart markers + fitted Huffman, op'] = (floor_35, dec_op)
    raw, px = sum(im.nbytes for im in ims), sum(im.shape[0] * im.shape[1] for im in ims)
    data = {name: [enc(im) for im in ims] for name, (enc, _) in variants.items()}
    times = {name: [] for name in variants}
    for _ in range(repeats):  # round-robin, so that the machine's drift falls on every variant alike
        for name, (_, dec) in variants.items():
            t0 = time.perf_counter()
            for b in data[name]: dec(b)
            times[name].append(time.perf_counter() - t0)
    print('| codec, decoder | ns per pixel | memory vs raw | PSNR median / worst (dB) |\n|---|---|---|---|')
    for name, (_, dec) in variants.items():
        ps = [psnr(dec(b), im) for b, im in zip(data[name], ims)]
        print(f'| {name} | {statistics.median(times[name]) / px * 1e9:.2f} | 1/{raw / sum(map(len, data[name])):.1f} | '
              f'{statistics.median(ps):.1f} / {min(ps):.1f} |', flush=True)

def items_per_s(ds, n, epoch):
    ds.epoch = epoch  # the same draws for every variant in a round
    t0 = time.perf_counter()
    for i in range(n): ds[i % len(ds)]
    return n / (time.perf_counter() - t0)

def decoded_px(e, y0, y1, x0, x1) -> tuple[int, int]:
    "(pixels, decode calls) of a region: the MCUs it takes in one call (restart JPEG, with their 1-px neighbours), or the tiles it touches."
    if isinstance(e, RestartJpeg):
        r0, r1 = max((y0 - 1) // e.mh, 0), min(-(-(y1 + 1) // e.mh), e.rows)
        c0, c1 = max((x0 - 1) // e.mw, 0), min(-(-(x1 + 1) // e.mw), e.cols)
        return (min(r1 * e.mh, e.h) - r0 * e.mh) * (min(c1 * e.mw, e.w) - c0 * e.mw), 1
    T = e.tile
    tiles = [(r, c) for r in range(y0 // T, (y1 - 1) // T + 1) for c in range(x0 // T, (x1 - 1) // T + 1)]
    return sum(min(T, e.h - r * T) * min(T, e.w - c * T) for r, c in tiles), len(tiles)

def decode_work(ds, n):
    "Per item: pixels the samples show, pixels decoded, decode calls (the same draws as round 0)."
    shown = decoded = calls = 0
    load_region = ds.load_region
    def counting(i, y0, y1, x0, x1):
        nonlocal shown, decoded, calls
        px, k = decoded_px(ds.ims[i], y0, y1, x0, x1)
        shown, decoded, calls = shown + (y1 - y0) * (x1 - x0), decoded + px, calls + k
        return load_region(i, y0, y1, x0, x1)
    ds.load_region, ds.epoch = counting, 0
    try:
        for i in range(n): ds[i % len(ds)]
    finally: del ds.load_region
    return shown / n, decoded / n, calls / n

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True); ap.add_argument('--imgsz', type=int, default=320)
    ap.add_argument('--items', type=int, default=48); ap.add_argument('--repeats', type=int, default=9)
    a = ap.parse_args()
    split = load_data_cfg(a.data)['train']
    kw = dict(img_size=a.imgsz, augment=True, hyp='hyp.scratch-low.yaml', verbose=False)
    ram = YoloDataset(split, cache='ram', **kw)
    codecs(ram.ims, a.repeats)
    variants = {'restart JPEG q90 4:2:0 (the cache)': lambda im: RestartJpeg(im, 90),
                'restart JPEG q95 4:2:0': lambda im: RestartJpeg(im, 95),
                'restart JPEG q85 4:2:0': lambda im: RestartJpeg(im, 85),
                'restart JPEG q90 4:4:4': lambda im: RestartJpeg(im, 90, subsampling=0),
                '160-px JPEG tiles q90': lambda im: EncodedImage(im, 160, 'jpeg', 90),
                '160-px JPEG tiles q95 (the cache before)': lambda im: EncodedImage(im, 160, 'jpeg', 95)}
    datasets = {}
    for name, make in variants.items():
        enc = YoloDataset(split, cache='encoded', **kw)
        enc.ims = [make(im) for im in ram.ims]
        datasets[name] = enc
    rates = {name: [] for name in ['ram', *datasets]}
    for r in range(a.repeats):  # round-robin: every variant and 'ram' in each round, ratios taken within the round
        for name, ds in [('ram', ram), *datasets.items()]: rates[name].append(items_per_s(ds, a.items, r))
    print('\n| cache variant | memory vs ram | PSNR median / worst (dB) | per item: px shown / decoded / decode calls | items/s | '
          'speed vs ram (median of rounds) |\n|---|---|---|---|---|---|')
    print(f"| ram | 1 | inf | - | {statistics.median(rates['ram']):.0f} | 1.00x |")
    for name, enc in datasets.items():
        mem = sum(e.nbytes for e in enc.ims) / sum(im.nbytes for im in ram.ims)
        ps = [psnr(e.region(), im) for e, im in zip(enc.ims, ram.ims)]
        ratio = statistics.median(e / r for e, r in zip(rates[name], rates['ram']))
        shown, decoded, calls = decode_work(enc, a.items)
        print(f'| {name} | 1/{1 / mem:.1f} | {statistics.median(ps):.1f} / {min(ps):.1f} | {shown / 1e3:.0f}k / {decoded / 1e3:.0f}k / '
              f'{calls:.1f} | {statistics.median(rates[name]):.0f} | {ratio:.2f}x |')

if __name__ == '__main__': main()
