#!/usr/bin/env python3
"""Recomputes the default detector's p_fake with OpenCV and ONNX Runtime, following the library's rules.

An independent cross-check of docs/golden/default-scores.jsonl (see docs/golden/README.md). Same rules as the
library's defaults, written again from their Java sources, not from the library's output:

* frames: uniform(32) of deepfake-core Samplers.Uniform: floor(i * (count - 1) / 31), i = 0..31, with count the
  container's frame count; frames are read in order with VideoCapture (grab every frame, retrieve the sampled ones);
* faces: YuNet-s through cv2.FaceDetectorYN (score 0.6, NMS 0.3, top 5000) on the frame scaled to a 640-pixel long
  side with INTER_AREA (never enlarged), boxes mapped back and clipped to the frame, best score first
  (YuNetFaceLocator, WorkingImage, LocatorOptions);
* tracking: FaceTracker defaults: keep faces of at least 0.5 x the frame's largest area; link greedily by IoU >= 0.3,
  else by centre shift <= 1 box size with area ratio in [0.5, 2]; drop tracks shorter than ceil(0.25 x longest);
* crops: CropPolicy square 1.3 x the longer side, centred, rounded to whole pixels; the part inside the frame is
  resized with INTER_NEAREST into its place in a black 256x256 image (OpenCvFaceCropper, STRETCH), then RGB;
* MesoNet-4 DF (Meso4_DF.onnx of the assets, the maintainers' conversion): RGB / 255, NCHW; output is P(real), so
  p_fake = 1 - output;
* the confident strategy per track (Aggregations.CONFIDENT), max over tracks, clipped to [0.01, 0.99]; no face: 0.5.

Usage:
    py=$($SHARED/peers/setup.sh)
    $py deepfake-benchmarks/scripts/golden_crosscheck.py --assets $SHARED/assets \
        [--library docs/golden/default-scores.jsonl] VIDEO...

With --crops DIR it instead prints MesoNet-4 DF's P(real) for each JPEG in DIR (the MesoNet repository's test
images: images/face_crops/mesonet), resized nearest-neighbour to 256x256 as Keras' load_img does (PIL's rule: source
pixel floor((x + 0.5) * in / out)), for MesoNetReferenceTest.

Prints one JSON line per video: path, p_fake, the frame indices, faces per frame and, with --library, the largest
per-face difference from the library's JSON and the library's p_fake. Benchmarks only: the build never runs it.
"""
import argparse
import json
import math
import os
import sys

import cv2
import numpy as np
import onnxruntime as ort

FRAMES = 32
WORKING_SIZE = 640
SCORE_THRESHOLD = 0.6
NMS_THRESHOLD = 0.3
TOP_K = 5000
MIN_IOU = 0.3
MAX_CENTER_SHIFT = 1.0
MIN_RELATIVE_AREA = 0.5
MIN_TRACK_FRACTION = 0.25
MARGIN = 1.3
INPUT = 256
EPSILON = 0.01


def jround(x):
    """Java's Math.round: floor(x + 0.5) (Python's round() rounds half to even)."""
    return int(math.floor(x + 0.5))


def uniform_indices(count, n=FRAMES):
    if count <= 0:
        return []
    if n == 1:
        return [0]
    step = (count - 1) / (n - 1)
    return [int(math.floor(i * step)) for i in range(n)]


def read_frames(path, indices):
    """The sampled frames (BGR), reading every frame in order."""
    cap = cv2.VideoCapture(path)
    wanted = set(indices)
    frames = {}
    i = 0
    last = max(indices)
    while i <= last and cap.grab():
        if i in wanted:
            ok, img = cap.retrieve()
            if ok:
                frames[i] = img
        i += 1
    cap.release()
    return frames


def area(b):
    return (b[2] - b[0]) * (b[3] - b[1])


def iou(a, b):
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = area(a) + area(b) - inter
    return 0.0 if union <= 0 else inter / union


def locate(detector, frame):
    h, w = frame.shape[:2]
    scale = WORKING_SIZE / max(w, h)
    scale = min(scale, 1.0)
    ww = max(1, jround(w * scale))
    wh = max(1, jround(h * scale))
    img = frame if (ww, wh) == (w, h) else cv2.resize(frame, (ww, wh), interpolation=cv2.INTER_AREA)
    detector.setInputSize((ww, wh))
    _, faces = detector.detect(img)
    sx, sy = w / ww, h / wh
    boxes = []
    for row in ([] if faces is None else faces):
        x, y, bw, bh = (float(v) for v in row[:4])
        x, y, bw, bh = x * sx, y * sy, bw * sx, bh * sy
        if bw <= 0 or bh <= 0:
            continue
        x1 = max(0.0, min(w, x))
        y1 = max(0.0, min(h, y))
        x2 = max(x1, max(0.0, min(w, x + bw)))
        y2 = max(y1, max(0.0, min(h, y + bh)))
        box = (x1, y1, x2, y2, float(row[14]))
        if area(box) > 0:
            boxes.append(box)
    boxes.sort(key=lambda b: -b[4])  # stable: ties keep their order
    return boxes


def keep_prominent(boxes):
    largest = max((area(b) for b in boxes), default=0.0)
    return [b for b in boxes if area(b) >= MIN_RELATIVE_AREA * largest]


def track(faces_per_frame):
    last, length, raw = [], [], []
    for faces in faces_per_frame:
        assigned = [-1] * len(faces)
        pairs = []
        for t, prev in enumerate(last):
            for i, cur in enumerate(faces):
                o = iou(prev, cur)
                if o >= MIN_IOU:
                    pairs.append((-o, t, i))
                elif MAX_CENTER_SHIFT > 0:
                    size = max(prev[2] - prev[0], prev[3] - prev[1])
                    shift = math.hypot((cur[0] + cur[2]) / 2 - (prev[0] + prev[2]) / 2,
                                       (cur[1] + cur[3]) / 2 - (prev[1] + prev[3]) / 2)
                    ratio = area(cur) / area(prev) if area(prev) > 0 else 0
                    if size > 0 and shift <= MAX_CENTER_SHIFT * size and 0.5 <= ratio <= 2:
                        pairs.append((1 + shift / size, t, i))
        pairs.sort(key=lambda p: p[0])  # stable, as Java's List.sort
        taken = [False] * len(last)
        for _, t, i in pairs:
            if not taken[t] and assigned[i] < 0:
                taken[t] = True
                assigned[i] = t
        for i, face in enumerate(faces):
            if assigned[i] < 0:
                assigned[i] = len(last)
                last.append(face)
                length.append(1)
            else:
                last[assigned[i]] = face
                length[assigned[i]] += 1
        raw.append(assigned)
    longest = max(length, default=0)
    min_length = max(1, math.ceil(MIN_TRACK_FRACTION * longest))
    renumber, nxt = [], 0
    for n in length:
        renumber.append(nxt if n >= min_length else -1)
        nxt += n >= min_length
    return [[renumber[t] for t in frame] for frame in raw]


def crop(frame, box):
    h, w = frame.shape[:2]
    side = max(box[2] - box[0], box[3] - box[1]) * MARGIN
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    x1, y1, x2, y2 = cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2
    rx, ry = jround(x1), jround(y1)
    rw, rh = max(1, jround(x2 - x1)), max(1, jround(y2 - y1))
    sx, sy = INPUT / rw, INPUT / rh
    out = np.zeros((INPUT, INPUT, 3), np.uint8)
    fx1, fy1 = max(rx, 0), max(ry, 0)
    fx2, fy2 = min(rx + rw, w), min(ry + rh, h)
    if fx2 > fx1 and fy2 > fy1:
        clamp = lambda v, lo, hi: max(lo, min(hi, v))
        dx1 = clamp(jround((fx1 - rx) * sx), 0, INPUT - 1)
        dy1 = clamp(jround((fy1 - ry) * sy), 0, INPUT - 1)
        dx2 = clamp(jround((fx2 - rx) * sx), dx1 + 1, INPUT)
        dy2 = clamp(jround((fy2 - ry) * sy), dy1 + 1, INPUT)
        src = frame[fy1:fy2, fx1:fx2]
        if (dx2 - dx1, dy2 - dy1) == (fx2 - fx1, fy2 - fy1):
            out[dy1:dy2, dx1:dx2] = src
        else:
            out[dy1:dy2, dx1:dx2] = cv2.resize(src, (dx2 - dx1, dy2 - dy1), interpolation=cv2.INTER_NEAREST)
    return cv2.cvtColor(out, cv2.COLOR_BGR2RGB)


def confident(scores):
    n = len(scores)
    if n == 0:
        return 0.5
    fakes = [p for p in scores if p > 0.8]
    reals = [p for p in scores if p < 0.2]
    if len(fakes) > n / 2.5 and len(fakes) > 11:
        return sum(fakes) / len(fakes)
    if len(reals) > 0.9 * n:
        return sum(reals) / len(reals)
    return sum(scores) / n


def score(path, detector, mesonet):
    count = int(cv2.VideoCapture(path).get(cv2.CAP_PROP_FRAME_COUNT))
    indices = uniform_indices(count)
    frames = read_frames(path, indices)
    used = [i for i in indices if i in frames]
    faces = [keep_prominent(locate(detector, frames[i])) for i in used]
    tracks = track(faces)
    crops, where = [], []
    for f, i in enumerate(used):
        for k, box in enumerate(faces[f]):
            crops.append(crop(frames[i], box))
            where.append((f, k))
    p_face = {}
    if crops:
        x = np.stack(crops).astype(np.float32).transpose(0, 3, 1, 2) / np.float32(255.0)
        name = mesonet.get_inputs()[0].name
        out = np.concatenate([mesonet.run(None, {name: x[s:s + 32]})[0] for s in range(0, len(x), 32)])
        for (f, k), p_real in zip(where, out[:, 0]):
            p_face[(f, k)] = 1.0 - float(p_real)
    by_track = {}
    for (f, k), p in p_face.items():
        if tracks[f][k] >= 0:
            by_track.setdefault(tracks[f][k], []).append(p)
    track_scores = {t: confident(s) for t, s in sorted(by_track.items())}
    p_fake = max(track_scores.values()) if track_scores else 0.5
    p_fake = max(EPSILON, min(1 - EPSILON, p_fake))
    return {"path": path, "p_fake": p_fake, "frame_count": count, "indices": used,
            "faces_per_frame": [len(f) for f in faces], "tracks": track_scores,
            "faces": {used[f]: [(faces[f][k], p_face[(f, k)]) for k in range(len(faces[f]))] for f in range(len(used))}}


def crop_scores(folder, mesonet):
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".jpg")):
        img = cv2.imread(os.path.join(folder, name))[:, :, ::-1]
        h, w = img.shape[:2]
        ys = np.minimum(h - 1, np.floor((np.arange(INPUT) + 0.5) * h / INPUT).astype(int))
        xs = np.minimum(w - 1, np.floor((np.arange(INPUT) + 0.5) * w / INPUT).astype(int))
        x = (img[ys][:, xs].astype(np.float32) / np.float32(255.0)).transpose(2, 0, 1)[None]
        p_real = mesonet.run(None, {mesonet.get_inputs()[0].name: np.ascontiguousarray(x)})[0][0, 0]
        print(json.dumps({"image": name, "p_real": float(p_real)}), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assets", default=os.environ.get("ASSETS", "../shared/assets"))
    ap.add_argument("--library", help="the library's score --json lines, to compare with")
    ap.add_argument("--crops", help="a folder of face crops: print MesoNet's P(real) of each instead")
    ap.add_argument("videos", nargs="*")
    args = ap.parse_args()
    yunet = os.path.join(args.assets, "models/face_detection/yunet/yunet_s_640_640.onnx")
    meso = os.path.join(args.assets, "models/deepfake/mesonet/Meso4_DF.onnx")
    detector = cv2.FaceDetectorYN.create(yunet, "", (WORKING_SIZE, WORKING_SIZE), SCORE_THRESHOLD, NMS_THRESHOLD,
                                         TOP_K)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    mesonet = ort.InferenceSession(meso, opts, providers=["CPUExecutionProvider"])
    if args.crops:
        return crop_scores(args.crops, mesonet)
    library = {}
    if args.library:
        for line in open(args.library):
            o = json.loads(line)
            library[os.path.basename(o["path"])] = o
    for v in args.videos:
        r = score(v, detector, mesonet)
        out = {"path": v, "p_fake": r["p_fake"], "frame_count": r["frame_count"],
               "faces_per_frame": sorted(set(r["faces_per_frame"])),
               "tracks": {str(t): s for t, s in r["tracks"].items()}}
        lib = library.get(os.path.basename(v))
        if lib is not None:
            lib_idx = [f["index"] for f in lib["frames"]]
            diffs = []  # each face of the library's report against the face here that overlaps it most
            for f in lib["frames"]:
                mine = r["faces"].get(f["index"], [])
                for face in f["faces"]:
                    if mine:
                        _, p = max(mine, key=lambda bp: iou(bp[0], face["box"]))
                        diffs.append(abs(face["p_fake"] - p))
            out.update({"library_p_fake": lib["p_fake"], "difference": r["p_fake"] - lib["p_fake"],
                        "same_indices": lib_idx == r["indices"],
                        "max_face_difference": max(diffs, default=None),
                        "mean_face_difference": sum(diffs) / len(diffs) if diffs else None})
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
