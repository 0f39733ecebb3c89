"""Build ``datasets/second_photos.npz``: a second set of ten real 64x64x3 photos.

They measure the defaults on photos that are *not* the packaged ``cat_photos`` (seed 002's
task S2): if a default only works on the photos it was tuned on, this set shows it.

Source: the two sample photographs that ship inside the scikit-learn wheel
(``sklearn/datasets/images``, read with ``sklearn.datasets.load_sample_images``):

* ``flower.jpg`` -- by vultilion on Flickr, CC BY 2.0
  (https://www.flickr.com/photos/vultilion/6056698931/), label 1;
* ``china.jpg``  -- by danielbuechele on Flickr, CC BY 2.0
  (https://www.flickr.com/photos/danielbuechele/6061409035/), label 0.

License: https://creativecommons.org/licenses/by/2.0/ (attribution above; the crops are
reduced to 64x64 pixels, which is the change made). Five square crops of each photo, each
reduced to 64x64 by averaging whole blocks of pixels (every crop's side is a multiple of 64).

A maintainer tool, run once (needs scikit-learn); scratchnn never reads scikit-learn at run time.
"""
from pathlib import Path

import numpy as np
from sklearn.datasets import load_sample_images

# (photo, top, left, side) of each square crop; side is a multiple of 64.
CROPS = [
    ("flower.jpg", 0, 0, 384),      # the flower, off-centre, on leaves
    ("flower.jpg", 40, 120, 320),   # the whole flower
    ("flower.jpg", 100, 200, 256),  # the flower, close
    ("flower.jpg", 0, 256, 384),    # the flower at the left edge, leaves
    ("flower.jpg", 200, 60, 192),   # a corner of the flower, mostly leaves
    ("china.jpg", 0, 0, 384),       # the pagoda
    ("china.jpg", 43, 256, 384),    # lake, the pagoda's edge and a tree
    ("china.jpg", 100, 100, 320),   # the pagoda, close
    ("china.jpg", 299, 400, 128),   # trees
    ("china.jpg", 0, 448, 192),     # sky and a branch
]


def block_mean(photo, size=64):
    """Reduce a (side, side, 3) uint8 photo to (size, size, 3) by averaging side/size blocks."""
    k = photo.shape[0] // size
    blocks = photo.reshape(size, k, size, k, 3).astype(np.float64)
    return np.round(blocks.mean(axis=(1, 3))).astype(np.uint8)


def main():
    sample = load_sample_images()
    photos = {Path(f).name: img for f, img in zip(sample.filenames, sample.images)}
    images, labels, names = [], [], []
    for name, top, left, side in CROPS:
        crop = photos[name][top:top + side, left:left + side]
        assert crop.shape == (side, side, 3), (name, crop.shape)
        images.append(block_mean(crop))
        labels.append(1 if name == "flower.jpg" else 0)
        names.append(f"{name}[{top}:{top + side},{left}:{left + side}]")
    out = Path(__file__).resolve().parents[1] / "datasets/second_photos.npz"
    np.savez_compressed(out, images=np.stack(images), labels=np.array(labels, dtype=np.uint8),
                        names=np.array(names),
                        source=np.array("scikit-learn sample images flower.jpg (vultilion) and china.jpg "
                                        "(danielbuechele), Flickr, CC BY 2.0; see tools/make_second_photos.py"))
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
