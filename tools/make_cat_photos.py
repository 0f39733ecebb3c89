"""Rebuild ``src/scratchnn/datasets/data/cat_photos.npz`` (seed 002's task S2).

Ten 64x64x3 uint8 patches cut from photographs that ship inside the
scikit-image wheel, all CC0 or public domain (see each function's "Notes" in
``skimage.data``): five crops of ``chelsea`` (a cat, CC0, Stefan van der Walt)
labelled 1, and five other photographs labelled 0.

This is a maintainer tool, not part of the package: it needs
``pip install scikit-image`` and is run once; scratchnn itself only reads the
resulting ``.npz`` (no download, no scikit-image at run time).
"""
from pathlib import Path

import numpy as np
from skimage import data, transform

# (source, top, left, size) of a square crop, then resized to 64x64.
CROPS = [
    ("chelsea", 0, 75, 300),     # the whole cat
    ("chelsea", 20, 120, 180),   # head and ears
    ("chelsea", 60, 150, 120),   # face
    ("chelsea", 100, 40, 200),   # body and head, left
    ("chelsea", 40, 200, 240),   # head, right
    ("astronaut", 0, 0, 512),
    ("coffee", 0, 100, 400),
    ("rocket", 0, 100, 427),
    ("hubble_deep_field", 0, 0, 872),
    ("retina", 0, 0, 1411),
]


def main():
    images, labels, names = [], [], []
    for name, top, left, size in CROPS:
        photo = getattr(data, name)()
        crop = photo[top:top + size, left:left + size, :3]
        small = transform.resize(crop, (64, 64), anti_aliasing=True)
        images.append(np.round(small * 255).astype(np.uint8))
        labels.append(1 if name == "chelsea" else 0)
        names.append(f"{name}[{top}:{top + size},{left}:{left + size}]")
    out = Path(__file__).resolve().parents[1] / "src/scratchnn/datasets/data/cat_photos.npz"
    np.savez_compressed(out, images=np.stack(images), labels=np.array(labels, dtype=np.uint8),
                        names=np.array(names))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
