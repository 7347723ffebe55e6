package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Position, size and read semantics of {@link HadoopChannel}, on hand-made bytes read through Hadoop. */
class HadoopChannelTest {
    private static final int LENGTH = 1000;

    @TempDir
    Path dir;

    private Path file;
    private RawLocalFileSystem fs;

    @BeforeEach
    void writeBytes() throws IOException {
        byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bytes[i] = (byte) (i % 251);
        }
        file = Files.write(dir.resolve("bytes.bin"), bytes);
        fs = new RawLocalFileSystem();
        fs.initialize(fs.getUri(), new Configuration());
    }

    private HadoopChannel open(long size) throws IOException {
        return new HadoopChannel(fs.open(new org.apache.hadoop.fs.Path(file.toUri())), size);
    }

    private static void assertBytesFrom(ByteBuffer buffer, int first) {
        buffer.flip();
        int i = first;
        while (buffer.hasRemaining()) {
            assertThat(buffer.get()).as("byte %d", i).isEqualTo((byte) (i % 251));
            i++;
        }
    }

    @Test
    void readsSequentiallyFromZeroToTheSizeThenEndOfStream() throws IOException {
        try (HadoopChannel channel = open(LENGTH)) {
            assertThat(channel.size()).isEqualTo(LENGTH);
            assertThat(channel.position()).isZero();
            ByteBuffer all = ByteBuffer.allocate(LENGTH + 50);
            int total = 0;
            int n;
            while ((n = channel.read(all)) > 0) {
                total += n;
            }
            assertThat(n).isEqualTo(-1);
            assertThat(total).isEqualTo(LENGTH);
            assertThat(channel.position()).isEqualTo(LENGTH);
            assertBytesFrom(all, 0);
        }
    }

    @Test
    void seeksBackwardsAndForwardsAndReadsWhereItWasPut() throws IOException {
        try (HadoopChannel channel = open(LENGTH)) {
            channel.read(ByteBuffer.allocate(600));
            assertThat(channel.position(100)).isSameAs(channel);
            ByteBuffer back = ByteBuffer.allocate(10);
            assertThat(channel.read(back)).isEqualTo(10);
            assertBytesFrom(back, 100);
            assertThat(channel.position()).isEqualTo(110);
            channel.position(990);
            ByteBuffer tail = ByteBuffer.allocate(64);
            assertThat(channel.read(tail)).isEqualTo(10);
            assertBytesFrom(tail, 990);
        }
    }

    @Test
    void aPositionAtOrPastTheSizeReadsEndOfStreamAndKeepsThePosition() throws IOException {
        try (HadoopChannel channel = open(LENGTH)) {
            channel.position(LENGTH + 500);
            assertThat(channel.position()).isEqualTo(LENGTH + 500);
            assertThat(channel.read(ByteBuffer.allocate(8))).isEqualTo(-1);
            channel.position(LENGTH);
            assertThat(channel.read(ByteBuffer.allocate(8))).isEqualTo(-1);
            assertThat(channel.size()).isEqualTo(LENGTH);
        }
    }

    @Test
    void readsIntoDirectBuffersAndAnEmptyBufferReadsNothing() throws IOException {
        try (HadoopChannel channel = open(LENGTH)) {
            channel.position(7);
            assertThat(channel.read(ByteBuffer.allocate(0))).isZero();
            ByteBuffer direct = ByteBuffer.allocateDirect(200);
            int total = 0;
            while (direct.hasRemaining()) {
                total += channel.read(direct);
            }
            assertThat(total).isEqualTo(200);
            assertBytesFrom(direct, 7);
            assertThat(channel.position()).isEqualTo(207);
        }
    }

    @Test
    void readsIntoASliceOfAnArrayBufferAtItsOffset() throws IOException {
        try (HadoopChannel channel = open(LENGTH)) {
            ByteBuffer whole = ByteBuffer.allocate(40);
            whole.position(20);
            ByteBuffer slice = whole.slice();
            slice.position(5);
            channel.position(300);
            assertThat(channel.read(slice)).isEqualTo(15);
            assertThat(whole.get(20 + 5)).isEqualTo((byte) (300 % 251));
            assertThat(whole.get(20 + 4)).isZero();
        }
    }

    @Test
    void aFileShorterThanItsStatusSaidIsAnErrorNotASilentEnd() throws IOException {
        try (HadoopChannel channel = open(LENGTH + 100)) {
            channel.position(LENGTH);
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(10)))
                    .isInstanceOf(EOFException.class).hasMessageContaining(String.valueOf(LENGTH));
        }
    }

    @Test
    void isReadOnly() throws IOException {
        try (HadoopChannel channel = open(LENGTH)) {
            assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1)))
                    .isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> channel.truncate(0)).isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> channel.position(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedChannelRefusesEverythingAndClosesTwiceQuietly() throws IOException {
        HadoopChannel channel = open(LENGTH);
        assertThat(channel.isOpen()).isTrue();
        channel.close();
        channel.close();
        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(channel::position).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> channel.position(3)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(channel::size).isInstanceOf(ClosedChannelException.class);
    }
}
