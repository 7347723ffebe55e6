package dev.deepfake4j.models.torch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protocol-2 pickle opcodes by hand, to make state dicts and hostile pickles for tests. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes proto() {
        return raw(0x80, 2);
    }

    PickleBytes string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        raw('X');
        int4(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    PickleBytes integer(int v) {
        raw('J');
        return int4(v);
    }

    PickleBytes global(String module, String name) {
        raw('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBytes mark() {
        return raw('(');
    }

    PickleBytes tuple() {
        return raw('t');
    }

    PickleBytes emptyTuple() {
        return raw(')');
    }

    PickleBytes emptyDict() {
        return raw('}');
    }

    PickleBytes setItems() {
        return raw('u');
    }

    PickleBytes reduce() {
        return raw('R');
    }

    PickleBytes build() {
        return raw('b');
    }

    PickleBytes persistentId() {
        return raw('Q');
    }

    PickleBytes newFalse() {
        return raw(0x89);
    }

    PickleBytes stop() {
        return raw('.');
    }

    /** An empty {@code collections.OrderedDict()}. */
    PickleBytes orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, offset, shape, stride, False, OrderedDict())} with the
     * storage as a zip-format persistent id.
     */
    PickleBytes tensor(String storageClass, String key, int elements, int offset, int[] shape, int[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().string("storage").global("torch", storageClass).string(key).string("cpu").integer(elements).tuple()
                .persistentId();
        integer(offset);
        mark();
        for (int d : shape) {
            integer(d);
        }
        tuple().mark();
        for (int s : stride) {
            integer(s);
        }
        tuple().newFalse().orderedDict().tuple().reduce();
        return this;
    }

    PickleBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    private PickleBytes int4(int v) {
        return raw(v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, (v >>> 24) & 0xFF);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
