package dev.deepfake4j.models.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler that lets through only what a PyTorch state dict needs, because a checkpoint is untrusted input.
 *
 * <p>Allowed: the plain-data opcodes (numbers, strings, tuples, lists, dicts, memo), persistent ids that name a
 * storage, and these globals — {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_tensor},
 * {@code torch._utils._rebuild_parameter}, {@code collections.OrderedDict} and the storage classes of
 * {@link StorageType}. REDUCE may call only those functions; BUILD is accepted only on a dict (torch's
 * {@code _metadata}, which is dropped). Everything else — other globals, INST/OBJ/NEWOBJ, extension codes, text
 * persistent ids — is refused with {@link InvalidCheckpointException}. Nothing from the file is ever looked up by
 * reflection or run. Lengths read from the file are checked against the bytes left before anything is allocated;
 * a storage may declare at most {@link #MAX_STORAGE_BYTES} bytes and a tensor at most 2^31 elements.
 *
 * <p>Not thread-safe; one instance reads one pickle.
 */
final class StateDictUnpickler extends Unpickler {
    private static final int MAX_GLOBAL_LINE = 256;
    /** The most bytes one storage may declare (a Java array's limit); a B7 state dict's largest is ≈ 10 MB. */
    static final long MAX_STORAGE_BYTES = Integer.MAX_VALUE - 8;

    /** The functions REDUCE may call. */
    private enum TrustedFunction {
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
        ORDERED_DICT("collections", "OrderedDict");

        final String module;
        final String name;

        TrustedFunction(String module, String name) {
            this.module = module;
            this.name = name;
        }
    }

    private final BoundedInput in;
    private final Map<String, StorageRef> storages;

    /**
     * @param in the stream the pickle is read from, which knows how many bytes are left
     * @param storages storages met so far, by key; persistent ids add to it (shared by the pickles of one file)
     */
    StateDictUnpickler(BoundedInput in, Map<String, StorageRef> storages) {
        this.in = in;
        this.storages = storages;
    }

    /** @return the next pickled object of the stream */
    Object next() throws IOException {
        return load(in);
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.PROTO, Opcodes.MARK, Opcodes.STOP, Opcodes.NONE, Opcodes.NEWTRUE, Opcodes.NEWFALSE,
                    Opcodes.BININT, Opcodes.BININT1, Opcodes.BININT2, Opcodes.LONG1, Opcodes.BINFLOAT,
                    Opcodes.SHORT_BINUNICODE, Opcodes.SHORT_BINSTRING, Opcodes.SHORT_BINBYTES,
                    Opcodes.EMPTY_TUPLE, Opcodes.TUPLE, Opcodes.TUPLE1, Opcodes.TUPLE2, Opcodes.TUPLE3,
                    Opcodes.EMPTY_LIST, Opcodes.APPEND, Opcodes.APPENDS, Opcodes.BINGET, Opcodes.LONG_BINGET,
                    Opcodes.BINPUT, Opcodes.LONG_BINPUT, Opcodes.MEMOIZE, Opcodes.BINPERSID, Opcodes.POP,
                    Opcodes.POP_MARK, Opcodes.DUP, Opcodes.SETITEM, Opcodes.FRAME -> {
                return super.dispatch(key);
            }
            case Opcodes.BINUNICODE -> stack.add(new String(lengthPrefixed(), StandardCharsets.UTF_8));
            case Opcodes.BINSTRING -> stack.add(new String(lengthPrefixed(), StandardCharsets.ISO_8859_1));
            case Opcodes.BINBYTES -> stack.add(lengthPrefixed());
            // A LinkedHashMap keeps the file's key order, which a state dict's consumers may rely on.
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<Object, Object>());
            case Opcodes.SETITEMS -> setItems();
            case Opcodes.GLOBAL -> stack.add(resolveGlobal(readLine(), readLine()));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new InvalidCheckpointException("STACK_GLOBAL without a module and name");
                }
                stack.add(resolveGlobal(m, n));
            }
            case Opcodes.REDUCE -> reduce();
            case Opcodes.BUILD -> build();
            default -> throw new InvalidCheckpointException(String.format(
                    "pickle opcode 0x%02x ('%s') is not allowed in a state dict", key, (char) key));
        }
        return NO_RETURN_VALUE;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])) {
            throw new InvalidCheckpointException("a persistent id that is not a storage: " + describe(pid));
        }
        if (!(id[1] instanceof StorageType type) || !(id[2] instanceof String storageKey)) {
            throw new InvalidCheckpointException("a storage id without a storage class and key");
        }
        if (id.length > 5 && id[5] != null) {
            throw new InvalidCheckpointException("storage " + storageKey + " is a view of another storage, "
                    + "which state dicts never hold");
        }
        long elements = nonNegative(id[4], "element count of storage " + storageKey);
        if (elements > (MAX_STORAGE_BYTES / type.elementBytes())) {
            throw new InvalidCheckpointException("storage " + storageKey + " declares " + elements + " elements of "
                    + type.elementBytes() + " bytes, over the " + MAX_STORAGE_BYTES + " bytes a storage may hold");
        }
        StorageRef ref = new StorageRef(type, storageKey, elements);
        StorageRef known = storages.putIfAbsent(storageKey, ref);
        if (known != null && !known.equals(ref)) {
            throw new InvalidCheckpointException("storage " + storageKey + " is declared twice, as " + known
                    + " and as " + ref);
        }
        return known != null ? known : ref;
    }

    private Object resolveGlobal(String module, String name) {
        if (module.equals("torch")) {
            var storage = StorageType.byClassName(name);
            if (storage.isPresent()) {
                return storage.get();
            }
        }
        for (TrustedFunction f : TrustedFunction.values()) {
            if (f.module.equals(module) && f.name.equals(name)) {
                return f;
            }
        }
        throw new InvalidCheckpointException("the pickle global " + module + "." + name
                + " is not allowed in a state dict (only tensor rebuilding, OrderedDict and storage classes are)");
    }

    private void reduce() {
        Object args = stack.pop();
        Object callable = stack.pop();
        if (!(callable instanceof TrustedFunction function)) {
            throw new InvalidCheckpointException("REDUCE on " + describe(callable)
                    + ", which is not a tensor-rebuild function");
        }
        if (!(args instanceof Object[] a)) {
            throw new InvalidCheckpointException("REDUCE of " + function.name + " without an argument tuple");
        }
        stack.add(switch (function) {
            case REBUILD_TENSOR_V2, REBUILD_TENSOR -> rebuildTensor(a, function.name);
            case REBUILD_PARAMETER -> {
                if (a.length < 1 || !(a[0] instanceof TensorRef)) {
                    throw new InvalidCheckpointException("_rebuild_parameter without a tensor");
                }
                yield a[0];
            }
            case ORDERED_DICT -> {
                if (a.length != 0) {
                    throw new InvalidCheckpointException("OrderedDict called with arguments");
                }
                yield new LinkedHashMap<Object, Object>();
            }
        });
    }

    private static TensorRef rebuildTensor(Object[] a, String function) {
        if (a.length < 4 || !(a[0] instanceof StorageRef storage) || !(a[2] instanceof Object[] size)
                || !(a[3] instanceof Object[] stride)) {
            throw new InvalidCheckpointException(function + " called without (storage, offset, size, stride)");
        }
        if (size.length != stride.length || size.length > 8) {
            throw new InvalidCheckpointException("a tensor of storage " + storage.key() + " has size "
                    + describe(size) + " and stride " + describe(stride));
        }
        int[] shape = new int[size.length];
        long[] strides = new long[size.length];
        long count = 1;
        for (int i = 0; i < size.length; i++) {
            long d = nonNegative(size[i], "tensor dimension");
            if (d > Integer.MAX_VALUE) {
                throw new InvalidCheckpointException("tensor dimension too large: " + d);
            }
            shape[i] = (int) d;
            count = d == 0 || count == 0 ? 0 : count * d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new InvalidCheckpointException("a tensor of storage " + storage.key() + " has size "
                        + describe(size) + ", over 2^31 elements");
            }
            strides[i] = nonNegative(stride[i], "tensor stride");
        }
        return new TensorRef(storage, nonNegative(a[1], "storage offset"), shape, strides);
    }

    private void setItems() {
        List<Object> items = stack.pop_all_since_marker();
        if (!(stack.peek() instanceof Map<?, ?> target) || items.size() % 2 != 0) {
            throw new InvalidCheckpointException("SETITEMS without a dict or with an odd number of items");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) target;
        for (int i = 0; i < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
    }

    /** torch pickles an OrderedDict's attributes ({@code _metadata}, module versions) with BUILD; they are dropped. */
    private void build() {
        stack.pop();
        if (!(stack.peek() instanceof Map<?, ?>)) {
            throw new InvalidCheckpointException("BUILD on " + describe(stack.peek())
                    + "; only dict attributes are accepted");
        }
    }

    private byte[] lengthPrefixed() throws IOException {
        long length = Integer.toUnsignedLong(in.readIntLittleEndian());
        if (length > in.remaining()) {
            throw new InvalidCheckpointException("a pickled string of " + length + " bytes, but only "
                    + in.remaining() + " bytes are left in the file");
        }
        return in.readExactly((int) length);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new InvalidCheckpointException("the file ends inside a pickle GLOBAL");
            }
            if (b == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_GLOBAL_LINE) {
                throw new InvalidCheckpointException("a pickle GLOBAL name longer than " + MAX_GLOBAL_LINE);
            }
            line.append((char) b);
        }
    }

    private static long nonNegative(Object value, String what) {
        long v;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            v = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 63) {
            v = big.longValue();
        } else {
            throw new InvalidCheckpointException(what + " is not an integer: " + describe(value));
        }
        if (v < 0) {
            throw new InvalidCheckpointException(what + " is negative: " + v);
        }
        return v;
    }

    private static String describe(Object o) {
        if (o instanceof Object[] a) {
            return java.util.Arrays.deepToString(a);
        }
        if (o instanceof TrustedFunction f) {
            return f.module + "." + f.name;
        }
        if (o instanceof StorageType t) {
            return "torch." + t.className();
        }
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
