package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.Semaphore;

/**
 * A segment write channel that fails or stalls on command, standing in for a dying disk. Shared
 * switches, so a test flips them while the log runs.
 */
final class FaultyChannel extends FileChannel {

  /** The switches one test controls. */
  static final class Faults {
    /** Writes fail once this many more bytes were written (the write that crosses it is torn). */
    volatile long writableBytes = Long.MAX_VALUE;

    volatile boolean failForce;

    /** When set, every force waits for a permit: the test decides when fsyncs complete. */
    volatile Semaphore forcePermits;

    LogConfig.ChannelOpener opener() {
      return (file, options) -> new FaultyChannel(FileChannel.open(file, options), this);
    }
  }

  private final FileChannel delegate;
  private final Faults faults;

  FaultyChannel(FileChannel delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    long allowed = faults.writableBytes;
    if (src.remaining() > allowed) {
      // Tear the write: part of it reaches the file, then the device "fails".
      ByteBuffer part = src.duplicate().limit(src.position() + (int) allowed);
      delegate.write(part);
      faults.writableBytes = 0;
      throw new IOException("injected write failure");
    }
    int written = delegate.write(src);
    faults.writableBytes = allowed - written;
    return written;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    Semaphore permits = faults.forcePermits;
    if (permits != null) {
      permits.acquireUninterruptibly();
    }
    if (faults.failForce) {
      throw new IOException("injected fsync failure");
    }
    delegate.force(metaData);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return delegate.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return delegate.transferFrom(src, position, count);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new UnsupportedOperationException("the log appends through the channel position");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return delegate.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
