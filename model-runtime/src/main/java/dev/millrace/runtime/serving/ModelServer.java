package dev.millrace.runtime.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.data.RowEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one model over the Open Inference Protocol v2 REST API (KServe / Triton): health, server
 * and model metadata, infer; plus Prometheus metrics at {@code /metrics}. Ready only after a
 * warm-up prediction; bounded concurrency answers 503 with Retry-After; {@link #close()} drains
 * requests in flight before it stops. HTTP/1.1 with keep-alive on Netty: requests are parsed on the
 * event loop and answered when their batch completes, so no thread waits per request.
 */
public final class ModelServer implements AutoCloseable {

  private static final int MAX_BODY_BYTES = 64 << 20;
  // Response header names and values are this class's constants: no per-response validation.
  private static final HttpHeadersFactory RESPONSE_HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private final ModelArtifact artifact;
  private final ServerOptions options;
  private final ModelPredictor predictor;
  // Native epoll where Netty can load it (Linux x86-64), else NIO.
  private static final boolean EPOLL = Epoll.isAvailable();
  private final EventLoopGroup acceptor =
      EPOLL ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
  // One event loop per core: more only adds context switches next to the batcher threads.
  private final EventLoopGroup workers =
      EPOLL
          ? new EpollEventLoopGroup(Runtime.getRuntime().availableProcessors())
          : new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());
  private final Channel listener;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Semaphore admission;
  private final ServerMetrics metrics;
  private final AtomicInteger awaitingModel = new AtomicInteger();
  private final DynamicBatcher batcher;
  private final InferenceRounds rounds;
  private final List<String> featureNames;
  // One per event loop: encoders are not thread-safe and cost a map per feature to build.
  private final FastThreadLocal<RowEncoder> encoders =
      new FastThreadLocal<>() {
        @Override
        protected RowEncoder initialValue() {
          return artifact.preprocessing().encoder();
        }
      };
  private final FastThreadLocal<StreamedInferenceInput> streamedInputs =
      new FastThreadLocal<>() {
        @Override
        protected StreamedInferenceInput initialValue() {
          return new StreamedInferenceInput(artifact.preprocessing(), encoders.get());
        }
      };
  private final ModelMetadata metadata;
  private final String inferPath;
  private final String inferVersionPath;
  private final String modelPath;
  private volatile boolean ready;
  private volatile boolean stopping;

  private ModelServer(ModelArtifact artifact, ServerOptions options) throws InterruptedException {
    this.artifact = artifact;
    this.options = options;
    this.predictor = artifact.newPredictor("auto");
    this.admission = new Semaphore(options.maxInFlight());
    this.metrics = new ServerMetrics(options.modelName(), inFlight, () -> ready);
    this.metadata = new ModelMetadata(options.modelName(), artifact);
    this.featureNames = artifact.preprocessing().featureNames();
    this.modelPath = "/v2/models/" + options.modelName();
    this.inferPath = modelPath + "/infer";
    this.inferVersionPath = modelPath + "/versions/1/infer";
    this.batcher =
        new DynamicBatcher(
            predictor,
            options.maxBatchRows(),
            options.maxBatchDelay().toNanos(),
            options.batchWorkers(),
            awaitingModel,
            metrics::batch);
    this.rounds =
        new InferenceRounds(
            batcher,
            artifact.preprocessing().width(),
            predictor.outputsPerRow(),
            options.maxBatchRows(),
            new InferenceRounds.Answerer() {
              @Override
              public void answer(InferenceRounds.Call call, float[] outputs, int offset) {
                finish(
                    call,
                    200,
                    InferenceOutput.render(
                        options.modelName(), call.input(), outputs, offset, predictor));
              }

              @Override
              public void fail(InferenceRounds.Call call, Throwable failure) {
                finish(call, 500, error("inference failed: " + failure));
              }
            });
    this.listener =
        new ServerBootstrap()
            .group(acceptor, workers)
            .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                        .addLast(new Handler());
                  }
                })
            .bind(new InetSocketAddress(options.host(), options.port()))
            .sync()
            .channel();
  }

  /** Loads the artifact, starts listening, warms up, then reports ready. */
  public static ModelServer start(ModelArtifact artifact, ServerOptions options) {
    try {
      ModelServer server = new ModelServer(artifact, options);
      server.warmUp();
      return server;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelRuntimeException("interrupted while starting the server", e);
    } catch (RuntimeException e) {
      if (e instanceof ModelRuntimeException) {
        throw e;
      }
      throw new ModelRuntimeException(
          "cannot start the model server on "
              + options.host()
              + ":"
              + options.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void warmUp() {
    int width = artifact.preprocessing().width();
    for (int rows : new int[] {1, Math.min(8, options.maxBatchRows()), options.maxBatchRows()}) {
      predictor.predictEncoded(new float[rows * width], rows);
    }
    ready = true;
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  public URI baseUri() {
    return URI.create("http://" + options.host() + ":" + port());
  }

  public boolean ready() {
    return ready && !stopping;
  }

  public String modelName() {
    return options.modelName();
  }

  /** Routes one aggregated request; infer answers later, from the batcher's completion. */
  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      String uri = request.uri();
      // Infer URIs carry no query: skip the decoder on the hot path.
      String path = uri.equals(inferPath) ? uri : new QueryStringDecoder(uri).path();
      if (path.equals(inferPath) || path.equals(inferVersionPath)) {
        if (!request.method().equals(HttpMethod.POST)) {
          send(ctx, keepAlive, 405, error("use POST for infer"), null);
        } else {
          infer(ctx, request, keepAlive);
        }
      } else if (path.equals("/v2/health/live")) {
        send(ctx, keepAlive, stopping ? 503 : 200, "{\"live\":" + !stopping + "}", null);
      } else if (path.equals("/v2/health/ready") || path.equals(modelPath + "/ready")) {
        send(ctx, keepAlive, ready() ? 200 : 503, "{\"ready\":" + ready() + "}", null);
      } else if (path.equals(modelPath) || path.equals(modelPath + "/versions/1")) {
        send(ctx, keepAlive, 200, metadata.json(), null);
      } else if (path.equals("/v2")) {
        send(ctx, keepAlive, 200, ModelMetadata.SERVER, null);
      } else if (path.equals("/metrics")) {
        FullHttpResponse response =
            response(ctx, 200, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8");
        write(ctx, keepAlive, response);
      } else if (path.startsWith("/v2/models/")) {
        send(
            ctx,
            keepAlive,
            404,
            error("unknown model; this server serves '" + options.modelName() + "'"),
            null);
      } else {
        send(ctx, keepAlive, 404, error("not found: " + path), null);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private void infer(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
    long start = System.nanoTime();
    if (!ready()) {
      send(
          ctx,
          keepAlive,
          503,
          error(stopping ? "server is shutting down" : "model is warming up"),
          "1");
      metrics.request(503, -1);
      return;
    }
    if (!admission.tryAcquire()) {
      send(
          ctx,
          keepAlive,
          503,
          error("too many requests in flight (" + options.maxInFlight() + ")"),
          "1");
      metrics.request(503, -1);
      return;
    }
    inFlight.incrementAndGet();
    awaitingModel.incrementAndGet();
    InferenceInput input;
    try {
      input = readStreamed(request.content());
    } catch (RuntimeException e) {
      input = null; // the tree parser below reports it
    }
    try {
      if (input != null) {
        // read in one pass, no tree
      } else {
        JsonNode body;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content())) {
          body = Json.MAPPER.readTree(in);
        } catch (IOException e) {
          throw new BadRequestException(
              "request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        input =
            InferenceInput.parse(
                body, artifact.preprocessing(), encoders.get(), featureNames, options.modelName());
      }
    } catch (BadRequestException e) {
      awaitingModel.decrementAndGet();
      finish(ctx, keepAlive, 400, error(e.getMessage()), start);
      return;
    } catch (RuntimeException e) {
      awaitingModel.decrementAndGet();
      finish(ctx, keepAlive, 500, error("inference failed: " + e), start);
      return;
    }
    InferenceRounds.Call call = new InferenceRounds.Call(ctx, keepAlive, input, start);
    if (input.rows == 0) {
      awaitingModel.decrementAndGet();
      finish(
          call,
          200,
          InferenceOutput.render(options.modelName(), input, new float[0], 0, predictor));
      return;
    }
    rounds.add(call);
  }

  /** The common request layout read without a JSON tree; {@code null} for anything else. */
  private InferenceInput readStreamed(ByteBuf content) {
    try (JsonParser parser =
        Json.MAPPER
            .getFactory()
            .createParser((InputStream) new ByteBufInputStream(content.duplicate()))) {
      return streamedInputs.get().read(parser);
    } catch (IOException e) {
      return null;
    }
  }

  private void finish(InferenceRounds.Call call, int status, CharSequence body) {
    finish(call.ctx(), call.keepAlive(), status, body, call.start());
  }

  private void finish(
      ChannelHandlerContext ctx, boolean keepAlive, int status, CharSequence body, long start) {
    send(ctx, keepAlive, status, body, null);
    inFlight.decrementAndGet();
    admission.release();
    metrics.request(status, System.nanoTime() - start);
  }

  static String error(String message) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("error", message);
    return node.toString();
  }

  private static void send(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      int status,
      CharSequence json,
      String retryAfter) {
    FullHttpResponse response = response(ctx, status, json, HttpHeaderValues.APPLICATION_JSON);
    if (retryAfter != null) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
    }
    write(ctx, keepAlive, response);
  }

  /** The body is encoded straight into a pooled buffer (no intermediate String or byte[]). */
  private static FullHttpResponse response(
      ChannelHandlerContext ctx, int status, CharSequence body, CharSequence contentType) {
    ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            content,
            RESPONSE_HEADERS,
            RESPONSE_HEADERS);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    return response;
  }

  private static void write(
      ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Graceful stop: not ready at once (new infer calls get 503), requests in flight finish within
   * the grace period, then the listener, batcher and model close.
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    listener.close().syncUninterruptibly();
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    batcher.close();
    predictor.close();
  }
}
