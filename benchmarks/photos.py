"""A small YOLO-format set of real photographs, for benchmarks that synthetic shapes flatter (the encoded cache).

    python benchmarks/photos.py [--imgsz 320] [--out benchmarks/_data/photos-320]

The photographs are the colour ones scikit-image ships in its wheel (astronaut, chelsea, coffee, two motorcycles,
rocket, retina, immunohistochemistry, Hubble deep field). The wheel is fetched with `pip download` into
benchmarks/_data (once; the package registry is the only network used) and read as a zip: scikit-image is never
installed, and never a dependency of yolofrz. Each photograph is cut into six overlapping 320 px squares at its own
resolution (all its detail), plus their mirror images, each resized to --imgsz (upsampled 2x at 640, as the
issue's 640 px case); every tile gets one box (a centred object half its size) so mosaic and the loaders have labels to
carry. Tiles are written as PNG: a JPEG tile re-encoded by the cache at the same quality and on the same 8-px grid loses
almost nothing again, which would flatter the cache's PSNR. Prints the data YAML's path.
"""
import argparse, io, subprocess, sys, zipfile
from pathlib import Path
import numpy as np
from PIL import Image

PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png', 'motorcycle_right.png', 'rocket.jpg',
          'retina.jpg', 'ihc.png', 'hubble_deep_field.jpg']
DATA = Path(__file__).parent/'_data'

def wheel(package: str) -> Path:
    "The package's wheel, downloaded once into benchmarks/_data (no dependencies, nothing installed)."
    pattern = f"{package.replace('-', '_')}-*.whl"
    found = sorted(DATA.glob(pattern))
    if not found:
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:', package,
                        '-d', str(DATA)], check=True, capture_output=True)
        found = sorted(DATA.glob(pattern))
    return found[-1]

def photos() -> dict:
    "{name: RGB uint8 array} of the shipped colour photographs."
    with zipfile.ZipFile(wheel('scikit-image')) as z:
        return {n: np.asarray(Image.open(io.BytesIO(z.read(f'skimage/data/{n}'))).convert('RGB')) for n in PHOTOS}

def build(imgsz: int, out: Path, native: int = 320) -> Path:
    (out/'images').mkdir(parents=True, exist_ok=True); (out/'labels').mkdir(parents=True, exist_ok=True)
    n = 0
    for name, im in photos().items():
        h, w = im.shape[:2]
        t = min(native, h, w)  # crops at the photograph's own resolution (all its detail), then resized to imgsz
        for y in np.linspace(0, h - t, 2).astype(int):
            for x in np.linspace(0, w - t, 3).astype(int):
                tile = Image.fromarray(im[y:y + t, x:x + t]).resize((imgsz, imgsz), Image.BICUBIC)
                for flip in (False, True):
                    stem = f'{Path(name).stem}-{y}-{x}{"-m" if flip else ""}'
                    (tile.transpose(Image.FLIP_LEFT_RIGHT) if flip else tile).save(out/'images'/f'{stem}.png')  # lossless: see below
                    (out/'labels'/f'{stem}.txt').write_text('0 0.5 0.5 0.5 0.5\n'); n += 1
    yaml_path = out/'data.yaml'
    yaml_path.write_text('path: .\ntrain: images\nval: images\nnames: [object]\n')
    print(f'{n} tiles of {imgsz} px from {len(PHOTOS)} photographs in {out}', file=sys.stderr)
    return yaml_path

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--imgsz', type=int, default=320)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    print(build(a.imgsz, Path(a.out) if a.out else DATA/f'photos-{a.imgsz}'))
