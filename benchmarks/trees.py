"""A small YOLO-format detection set of real photographs with real boxes: tree crowns in aerial images.

    python benchmarks/trees.py [--tile 320] [--out benchmarks/_data/trees-320]

The photographs and their boxes are the annotated examples the DeepForest package ships in its wheel: two crops of
NEON's 10 cm RGB orthophotos of Yellowstone (site YELL; 2299 x 2472 px with 574 hand-drawn crowns, and 1249 x 1035 px
with 279), in Pascal VOC XML. The wheel is fetched with `pip download` into benchmarks/_data (once; the package
registry is the only network used) and read as a zip: DeepForest is never installed, and never a dependency of yolofrz.
Each photograph is cut into --tile px squares on a grid (the last row and column shifted back to the edge, so they
overlap their neighbours); a crown keeps its box, clipped to the tile, when at least half of its area lies inside.
The larger crop is the training split, the smaller the validation split: different stands of the same site, no tile in
both. Tiles are PNG (lossless). Prints the data YAML's path.
"""
import argparse, io, sys, zipfile
import xml.etree.ElementTree as ET
from pathlib import Path
import numpy as np
from PIL import Image
from photos import DATA, wheel

SPLITS = {'train': '2019_YELL_2_528000_4978000_image_crop2', 'val': '2019_YELL_2_541000_4977000_image_crop'}

def annotated(stem: str) -> tuple:
    "(RGB uint8 array, float array of xyxy pixel boxes) of one annotated example in the wheel."
    Image.MAX_IMAGE_PIXELS = None  # 5.7 Mpx: well within memory, above PIL's decompression-bomb warning for some builds
    with zipfile.ZipFile(wheel('deepforest')) as z:
        im = np.asarray(Image.open(io.BytesIO(z.read(f'deepforest/data/{stem}.png'))).convert('RGB'))
        root = ET.fromstring(z.read(f'deepforest/data/{stem}.xml'))
    boxes = [[float(o.find(f'bndbox/{k}').text) for k in ('xmin', 'ymin', 'xmax', 'ymax')] for o in root.iter('object')]
    return im, np.array(boxes, dtype=np.float32).reshape(-1, 4)

def tile_origins(size: int, tile: int) -> list:
    "Grid origins along one side, the last one moved back so the tile ends at the edge."
    return sorted({min(o, size - tile) for o in range(0, size, tile)})

def tile_labels(boxes: np.ndarray, x: int, y: int, tile: int, keep: float = 0.5) -> np.ndarray:
    "YOLO rows (class, cx, cy, w, h; normalised) of the boxes with at least `keep` of their area inside the tile."
    clipped = boxes - [x, y, x, y]
    clipped = clipped.clip(0, tile)
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    inside = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
    b = clipped[(inside >= keep * area) & (inside > 0)] / tile
    return np.concatenate([np.zeros((len(b), 1)), (b[:, :2] + b[:, 2:]) / 2, b[:, 2:] - b[:, :2]], 1)

def build(tile: int, out: Path) -> Path:
    counts = {}
    for split, stem in SPLITS.items():
        (out/split/'images').mkdir(parents=True, exist_ok=True); (out/split/'labels').mkdir(parents=True, exist_ok=True)
        im, boxes = annotated(stem)
        h, w = im.shape[:2]
        n_tiles = n_boxes = 0
        for y in tile_origins(h, tile):
            for x in tile_origins(w, tile):
                name = f'{stem}-{y}-{x}'
                Image.fromarray(im[y:y + tile, x:x + tile]).save(out/split/'images'/f'{name}.png')
                rows = tile_labels(boxes, x, y, tile)
                (out/split/'labels'/f'{name}.txt').write_text(''.join(
                    f'0 {cx:.6f} {cy:.6f} {bw:.6f} {bh:.6f}\n' for _, cx, cy, bw, bh in rows))
                n_tiles += 1; n_boxes += len(rows)
        counts[split] = (n_tiles, n_boxes)
    yaml_path = out/'data.yaml'
    yaml_path.write_text(f'path: {out.resolve()}\ntrain: train/images\nval: val/images\nnames: [tree]\n')
    print(', '.join(f'{s}: {t} tiles, {b} crowns' for s, (t, b) in counts.items()) + f' ({tile} px) in {out}',
          file=sys.stderr)
    return yaml_path

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--tile', type=int, default=320)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    print(build(a.tile, Path(a.out) if a.out else DATA/f'trees-{a.tile}'))
