package dev.deepfake4j.models.torch;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads the state dict (parameter name → tensor) of a PyTorch checkpoint without Python, in both of torch's file
 * formats:
 * <ul>
 *   <li>the zip format of torch 1.6 and later: {@code <folder>/data.pkl} plus one entry per storage,
 *       {@code <folder>/data/<key>} (the folder's name varies with the file name it was saved under);</li>
 *   <li>the legacy format (torch before 1.6): a sequence of protocol-2 pickles — magic number, protocol version,
 *       system info, the object with persistent ids for its storages, the list of storage keys — and then, for
 *       each key in that order, an 8-byte little-endian element count followed by the storage's raw bytes.</li>
 * </ul>
 * The object may be the state dict itself or a training dict holding it under {@code "state_dict"}, {@code "net"}
 * or {@code "model"} (how training scripts save epoch, scores and optimizer state beside it; the optimizer's
 * tensors are neither read nor kept — their storages are skipped); a leading {@code module.} (left by {@code DataParallel}) is removed from every
 * key, as the DFDC winner's {@code predict_folder.py} does.
 *
 * <p>A checkpoint is untrusted input: the pickle is read by a restricted unpickler that accepts only the globals
 * of tensor rebuilding, {@code OrderedDict} and storage classes, never constructs other classes and never runs
 * code. Anything else, and every inconsistency (a storage shorter than its tensor, a truncated file), is a
 * {@link ErrorCode#MODEL_INVALID} that names the file and the problem.
 *
 * <p>Bounded memory: a storage may declare at most 2 GB and is read only as far as its bytes arrive; a compressed
 * zip entry that expands over 64 times is refused (torch stores its entries uncompressed), a legacy storage
 * longer than the rest of the file is refused before it is read, and training-dict content that is not the state
 * dict (optimizer state, scores) is unpickled as references only: its storages are never read.
 *
 * <p>Memory: every tensor is converted to float32 and held on the heap, 4 bytes per parameter whatever the stored
 * type — about 21 MB for EfficientNet-B0 and 264 MB for EfficientNet-B7 (66M parameters). Storages are read one at
 * a time, so the peak is the result plus the largest storage. Stateless and thread-safe.
 */
public final class TorchCheckpoint {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("119547037146038801333356");
    private static final long LEGACY_PROTOCOL = 1001;
    /** data.pkl of EfficientNet-B7 is ~150 KB; anything near this limit is not a state dict. */
    private static final long MAX_PICKLE_BYTES = 64L << 20;
    private static final String PREFIX = "module.";
    /** The most a compressed zip entry may expand (see {@link #refuseBomb}). */
    private static final long MAX_EXPANSION = 64;
    /**
     * Keys under which training scripts save the state dict beside epoch, scores and optimizer state: the DFDC
     * winner's {@code state_dict}, polimi ICPR 2020's {@code net}, SBI's {@code model}. Only the first present is
     * read; the rest of the dict is never materialised.
     */
    private static final List<String> WRAPPERS = List.of("state_dict", "net", "model");

    private TorchCheckpoint() {
    }

    /**
     * Reads every tensor of a checkpoint's state dict.
     *
     * @param file a {@code .pth}/{@code .pt} file written by {@code torch.save}
     * @return parameter name (without {@code module.}) → tensor, in the file's order; unmodifiable
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file does not exist,
     *         {@link ErrorCode#MODEL_INVALID} when it is not a readable state dict (the message says why)
     */
    public static Map<String, Tensor> readStateDict(Path file) throws DeepfakeException {
        if (!Files.isRegularFile(file)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "PyTorch checkpoint not found: " + file
                    + " (check the path)", file, null);
        }
        try {
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(head, 0, 4) < 2) {
                    throw new InvalidCheckpointException("the file is too short to be a checkpoint");
                }
            }
            Map<String, Tensor> tensors;
            if (head[0] == 'P' && head[1] == 'K') {
                tensors = readZip(file);
            } else if ((head[0] & 0xFF) == 0x80 && head[1] == 2) {
                tensors = readLegacy(file);
            } else {
                throw new InvalidCheckpointException("it is neither torch's zip format nor its legacy pickle format");
            }
            return Collections.unmodifiableMap(tensors);
        } catch (InvalidCheckpointException | PickleException | ZipException | ClassCastException
                | IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException
                | ArithmeticException e) {
            // Malformed pickles surface as the unpickler's own exceptions (stack underflow, bad memo key).
            throw invalid(file, e.getMessage(), e);
        } catch (IOException e) {
            throw invalid(file, "reading failed: " + e.getMessage(), e);
        }
    }

    private static DeepfakeException invalid(Path file, String problem, Throwable cause) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Not a usable PyTorch state dict: " + file + ": "
                + problem + ". Use the checkpoint file as released, re-downloading it if it may be damaged.",
                file, cause);
    }

    private static Map<String, Tensor> readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    if (pickle != null) {
                        throw new InvalidCheckpointException("the zip holds two data.pkl entries");
                    }
                    pickle = entry;
                }
            }
            if (pickle == null) {
                throw new InvalidCheckpointException("the zip has no <folder>/data.pkl entry");
            }
            String folder = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            ByteOrder order = zipByteOrder(zip, folder);
            byte[] pickleBytes = readEntry(zip, pickle, MAX_PICKLE_BYTES);
            Map<String, StorageRef> storages = new HashMap<>();
            Object root = new StateDictUnpickler(new BoundedInput(new ByteArrayInputStream(pickleBytes),
                    pickleBytes.length), storages).next();
            Map<String, TensorRef> refs = stateDict(root);

            Map<String, Integer> usesLeft = new HashMap<>();
            refs.values().forEach(r -> usesLeft.merge(r.storage().key(), 1, Integer::sum));
            Map<String, ByteBuffer> open = new HashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                StorageRef storage = e.getValue().storage();
                ByteBuffer data = open.get(storage.key());
                if (data == null) {
                    ZipEntry entry = zip.getEntry(folder + "data/" + storage.key());
                    if (entry == null) {
                        throw new InvalidCheckpointException("storage " + storage.key() + " of " + e.getKey()
                                + " is missing (no entry " + folder + "data/" + storage.key() + ")");
                    }
                    long needed = storage.elements() * storage.type().elementBytes();
                    byte[] bytes = readStorage(zip, entry, needed, e.getKey());
                    data = ByteBuffer.wrap(bytes).order(order);
                    open.put(storage.key(), data);
                }
                tensors.put(e.getKey(), materialize(e.getKey(), e.getValue(), data));
                if (usesLeft.merge(storage.key(), -1, Integer::sum) == 0) {
                    open.remove(storage.key());
                }
            }
            return tensors;
        }
    }

    /** Reads the bytes a storage declares, refusing an entry shorter than that before reading it. */
    private static byte[] readStorage(ZipFile zip, ZipEntry entry, long needed, String tensorName)
            throws IOException {
        String shortBy = "storage " + entry.getName() + " of " + tensorName + " is shorter than the " + needed
                + " bytes its tensors need";
        if (needed > Integer.MAX_VALUE - 8) {
            throw new InvalidCheckpointException("storage " + entry.getName() + " is over 2 GB");
        }
        refuseBomb(entry);
        if (entry.getSize() >= 0 && entry.getSize() < needed) {
            throw new InvalidCheckpointException(shortBy + " (it holds " + entry.getSize() + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) needed);
            if (bytes.length < needed) {
                throw new InvalidCheckpointException(shortBy + " (it holds " + bytes.length + ")");
            }
            return bytes;
        }
    }

    /**
     * torch writes its zip entries stored, not compressed; a compressed entry that expands more than
     * {@value #MAX_EXPANSION} times (zeros compress about 1000 to 1) is refused before it is read, so that a small
     * file cannot make the reader inflate gigabytes. An entry whose sizes are not recorded is read only up to what
     * the pickle declares, which is bounded as well.
     */
    private static void refuseBomb(ZipEntry entry) {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (entry.getMethod() == ZipEntry.DEFLATED && size > 0 && compressed >= 0
                && size > MAX_EXPANSION * compressed + (1 << 20)) {
            throw new InvalidCheckpointException("zip entry " + entry.getName() + " expands from " + compressed
                    + " to " + size + " bytes: a zip bomb, or not a file torch wrote (torch stores entries"
                    + " uncompressed)");
        }
    }

    private static ByteOrder zipByteOrder(ZipFile zip, String folder) throws IOException {
        ZipEntry entry = zip.getEntry(folder + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // files before torch 1.10 had no byteorder record and were little-endian
        }
        String order = new String(readEntry(zip, entry, 16), java.nio.charset.StandardCharsets.US_ASCII).trim();
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new InvalidCheckpointException("unknown byteorder record '" + order + "'");
        };
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry entry, long limit) throws IOException {
        refuseBomb(entry);
        long size = entry.getSize();
        if (size > limit) {
            throw new InvalidCheckpointException("zip entry " + entry.getName() + " is " + size + " bytes, over "
                    + limit);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) (size >= 0 ? size : limit));
            if (size >= 0 && bytes.length != size) {
                throw new InvalidCheckpointException("zip entry " + entry.getName() + " is cut short");
            }
            return bytes;
        }
    }

    private static Map<String, Tensor> readLegacy(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            BoundedInput in = new BoundedInput(raw, length);
            Map<String, StorageRef> storages = new HashMap<>();
            Object magic = new StateDictUnpickler(in, storages).next();
            if (!(magic instanceof Number n) || !LEGACY_MAGIC.equals(new BigInteger(n.toString()))) {
                throw new InvalidCheckpointException("the legacy format's magic number is missing");
            }
            Object protocol = new StateDictUnpickler(in, storages).next();
            if (!(protocol instanceof Number p) || p.longValue() != LEGACY_PROTOCOL) {
                throw new InvalidCheckpointException("unknown legacy protocol version " + protocol);
            }
            Object sysInfo = new StateDictUnpickler(in, storages).next();
            ByteOrder order = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Object root = new StateDictUnpickler(in, storages).next();
            Map<String, TensorRef> refs = stateDict(root);
            // A storage declared in the key list (never, in a file torch wrote) lands in a map of its own and
            // is then refused below as a key no tensor refers to.
            Object keys = new StateDictUnpickler(in, new HashMap<>()).next();
            if (!(keys instanceof List<?> keyList)) {
                throw new InvalidCheckpointException("the legacy format's storage key list is missing");
            }

            Map<String, List<String>> tensorsOfStorage = new HashMap<>();
            refs.forEach((name, ref) -> tensorsOfStorage.computeIfAbsent(ref.storage().key(),
                    k -> new ArrayList<>()).add(name));
            Map<String, Tensor> built = new HashMap<>();
            for (Object k : keyList) {
                StorageRef storage = k instanceof String key ? storages.get(key) : null;
                if (storage == null) {
                    throw new InvalidCheckpointException("the storage list names " + k
                            + ", which no tensor refers to");
                }
                long count = in.readLongLittleEndian();
                if (count != storage.elements()) {
                    throw new InvalidCheckpointException("storage " + storage.key() + " records " + count
                            + " elements but the pickle declares " + storage.elements());
                }
                long bytes = count * storage.type().elementBytes();
                if (bytes > in.remaining()) {
                    throw new InvalidCheckpointException("storage " + storage.key() + " needs " + bytes
                            + " bytes but only " + in.remaining() + " are left: the file is truncated");
                }
                List<String> names = tensorsOfStorage.getOrDefault(storage.key(), List.of());
                if (names.isEmpty()) {
                    in.skipExactly(bytes);
                    continue;
                }
                if (bytes > Integer.MAX_VALUE - 8) {
                    throw new InvalidCheckpointException("storage " + storage.key() + " is over 2 GB");
                }
                ByteBuffer data = ByteBuffer.wrap(in.readExactly((int) bytes)).order(order);
                for (String name : names) {
                    built.put(name, materialize(name, refs.get(name), data));
                }
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : refs.keySet()) {
                Tensor t = built.get(name);
                if (t == null) {
                    throw new InvalidCheckpointException("the storage of " + name + " is not in the file");
                }
                tensors.put(name, t);
            }
            return tensors;
        }
    }

    /** Unwraps {@code {"state_dict"|"net"|"model": …}}, checks every value is a tensor and strips {@code module.}. */
    private static Map<String, TensorRef> stateDict(Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidCheckpointException("the checkpoint holds no dict");
        }
        for (String wrapper : WRAPPERS) {
            if (map.get(wrapper) instanceof Map<?, ?> inner) {
                map = inner;
                break;
            }
        }
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InvalidCheckpointException("a state dict key that is not a string: " + e.getKey());
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new InvalidCheckpointException("state dict entry " + key + " is not a tensor");
            }
            String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
            if (refs.put(name, ref) != null) {
                throw new InvalidCheckpointException("state dict names " + name + " twice (with and without "
                        + PREFIX + ")");
            }
        }
        if (refs.isEmpty()) {
            throw new InvalidCheckpointException("the state dict is empty");
        }
        return refs;
    }

    /** Copies a tensor's elements out of its storage, following offset and strides, converting to float32. */
    private static Tensor materialize(String name, TensorRef ref, ByteBuffer data) {
        StorageRef storage = ref.storage();
        int[] shape = ref.shape();
        long count = Tensor.elementCount(shape);
        // A state dict tensor never has more elements than its storage; this also bounds allocation by file size.
        if (count > storage.elements()) {
            throw new InvalidCheckpointException("tensor " + name + " has " + count + " elements but its storage "
                    + storage.key() + " only " + storage.elements());
        }
        float[] values = new float[(int) count];
        if (count > 0) {
            long last = ref.offset();
            for (int i = 0; i < shape.length; i++) {
                last += (shape[i] - 1L) * ref.stride()[i];
            }
            if (last >= storage.elements()) {
                throw new InvalidCheckpointException("tensor " + name + " reaches element " + last
                        + " of storage " + storage.key() + ", which holds " + storage.elements());
            }
            StorageType type = storage.type();
            int[] index = new int[shape.length];
            long position = ref.offset();
            for (int i = 0; i < values.length; i++) {
                values[i] = type.read(data, (int) position);
                // Advance the multi-index like an odometer, keeping the storage position in step.
                for (int axis = shape.length - 1; axis >= 0; axis--) {
                    position += ref.stride()[axis];
                    if (++index[axis] < shape[axis]) {
                        break;
                    }
                    position -= (long) shape[axis] * ref.stride()[axis];
                    index[axis] = 0;
                }
            }
        }
        return new Tensor(shape, values);
    }
}
