package dev.deepfake4j.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code remote:}, so that tests can exercise the path a job takes for videos on
 * HDFS or S3 (streamed through Hadoop's {@code FileSystem}, never copied to local disk) without a cluster.
 * {@code remote:///a/b.mp4} is {@code /a/b.mp4}.
 */
public final class LocalDiskAsRemoteFileSystem extends RawLocalFileSystem {
    /** The scheme this file system serves. */
    public static final String SCHEME = "remote";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
