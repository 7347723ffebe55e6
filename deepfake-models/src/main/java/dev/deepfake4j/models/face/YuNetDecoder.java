package dev.deepfake4j.models.face;

import static org.bytedeco.opencv.global.opencv_dnn.NMSBoxes;

import dev.deepfake4j.video.opencv.YuNetRows;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;

/**
 * Turns YuNet's twelve raw outputs into detection rows the way OpenCV's {@code FaceDetectorYN} post-processes them,
 * so the ONNX Runtime locator finds the faces the OpenCV one finds: per stride (8, 16, 32) and grid cell, score
 * {@code sqrt(clamp(cls) * clamp(obj))}; a cell at or above the score threshold gives a box centred at
 * {@code (cell + offset) * stride} with sides {@code exp(d) * stride} and landmarks {@code (cell + offset) * stride};
 * then OpenCV's own {@code NMSBoxes} on the boxes truncated to integers, as {@code FaceDetectorYN} calls it. Rows
 * are in the padded input's pixels, in the order NMS keeps them (highest score first). Stateless; thread-safe.
 */
final class YuNetDecoder {
    /** The network's output heads, in {@code FaceDetectorYN}'s order: per kind, strides 8, 16, 32. */
    static final String[] OUTPUTS = {"cls_8", "cls_16", "cls_32", "obj_8", "obj_16", "obj_32", "bbox_8", "bbox_16",
        "bbox_32", "kps_8", "kps_16", "kps_32"};
    private static final int[] STRIDES = {8, 16, 32};

    /** Detection rows, {@link YuNetRows#COLUMNS} floats each. */
    record Rows(float[] values, int count) {
    }

    private YuNetDecoder() {
    }

    /**
     * @param outputs the session's outputs by name, each {@code [1, cells, k]} flattened
     * @param paddedWidth the input's width after padding
     * @param paddedHeight the input's height after padding
     * @param scoreThreshold cells scoring below it are no candidates
     * @param nmsThreshold the IoU above which a lower-scored box is suppressed
     * @param topK the most candidates NMS considers
     * @return the kept detections
     */
    static Rows decode(Map<String, FloatBuffer> outputs, int paddedWidth, int paddedHeight, float scoreThreshold,
            float nmsThreshold, int topK) {
        float[] rows = new float[16 * YuNetRows.COLUMNS];
        int count = 0;
        for (int s = 0; s < STRIDES.length; s++) {
            int stride = STRIDES[s];
            int cols = paddedWidth / stride;
            int cells = cols * (paddedHeight / stride);
            FloatBuffer cls = head(outputs, OUTPUTS[s], cells, 1);
            FloatBuffer obj = head(outputs, OUTPUTS[s + 3], cells, 1);
            FloatBuffer bbox = head(outputs, OUTPUTS[s + 6], cells, 4);
            FloatBuffer kps = head(outputs, OUTPUTS[s + 9], cells, 10);
            for (int idx = 0; idx < cells; idx++) {
                float score = (float) Math.sqrt(clamp(cls.get(idx)) * clamp(obj.get(idx)));
                if (score < scoreThreshold) {
                    continue;
                }
                int r = idx / cols;
                int c = idx % cols;
                if ((count + 1) * YuNetRows.COLUMNS > rows.length) {
                    rows = Arrays.copyOf(rows, rows.length * 2);
                }
                int o = count * YuNetRows.COLUMNS;
                int b = idx * 4;
                float cx = (c + bbox.get(b)) * stride;
                float cy = (r + bbox.get(b + 1)) * stride;
                float w = (float) Math.exp(bbox.get(b + 2)) * stride;
                float h = (float) Math.exp(bbox.get(b + 3)) * stride;
                rows[o] = cx - w / 2f;
                rows[o + 1] = cy - h / 2f;
                rows[o + 2] = w;
                rows[o + 3] = h;
                int k = idx * 10;
                for (int n = 0; n < 5; n++) {
                    rows[o + 4 + 2 * n] = (kps.get(k + 2 * n) + c) * stride;
                    rows[o + 5 + 2 * n] = (kps.get(k + 2 * n + 1) + r) * stride;
                }
                rows[o + 14] = score;
                count++;
            }
        }
        return count > 1 ? suppress(rows, count, scoreThreshold, nmsThreshold, topK) : new Rows(rows, count);
    }

    private static float clamp(float v) {
        return Math.min(Math.max(v, 0f), 1f);
    }

    private static FloatBuffer head(Map<String, FloatBuffer> outputs, String name, int cells, int width) {
        FloatBuffer value = outputs.get(name);
        if (value == null || value.limit() != cells * width) {
            throw new IllegalStateException("YuNet output " + name + " does not hold [1, " + cells + ", " + width
                    + "] floats");
        }
        return value;
    }

    private static Rows suppress(float[] rows, int count, float scoreThreshold, float nmsThreshold, int topK) {
        try (RectVector boxes = new RectVector(count);
                FloatPointer scores = new FloatPointer(count);
                IntPointer keep = new IntPointer()) {
            for (int i = 0; i < count; i++) {
                int o = i * YuNetRows.COLUMNS;
                // FaceDetectorYN hands NMS the boxes truncated to whole pixels
                try (Rect box = new Rect((int) rows[o], (int) rows[o + 1], (int) rows[o + 2], (int) rows[o + 3])) {
                    boxes.put(i, box);
                }
                scores.put(i, rows[o + 14]);
            }
            NMSBoxes(boxes, scores, scoreThreshold, nmsThreshold, keep, 1f, topK);
            int kept = (int) keep.limit();
            float[] out = new float[kept * YuNetRows.COLUMNS];
            for (int j = 0; j < kept; j++) {
                System.arraycopy(rows, keep.get(j) * YuNetRows.COLUMNS, out, j * YuNetRows.COLUMNS,
                        YuNetRows.COLUMNS);
            }
            return new Rows(out, kept);
        }
    }
}
