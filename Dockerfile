# syntax=docker/dockerfile:1
# Two images from one build:
#   docker build --target server -t edgeopt-server .                      (linux/amd64)
#   docker build --target agent  -t edgeopt-agent  .                      (linux/amd64)
#   docker buildx build --platform linux/arm64 --target agent -t edgeopt-agent:arm64 .
# The server links TorchSharp's libtorch, which is published for linux-x64 only, so its image is amd64;
# the agent (ONNX Runtime only) builds for amd64 and arm64 (Jetson / Raspberry Pi class devices).

ARG DOTNET_VERSION=10.0

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the project files alone, so the package layer is cached until a project file changes.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props EdgeOpt.sln ./
COPY build/ build/
COPY protos/ protos/
COPY src/EdgeOpt.Contracts/EdgeOpt.Contracts.csproj src/EdgeOpt.Contracts/
COPY src/EdgeOpt.Core/EdgeOpt.Core.csproj src/EdgeOpt.Core/
COPY src/EdgeOpt.Runtime/EdgeOpt.Runtime.csproj src/EdgeOpt.Runtime/
COPY src/EdgeOpt.Learning/EdgeOpt.Learning.csproj src/EdgeOpt.Learning/
COPY src/EdgeOpt.Server/EdgeOpt.Server.csproj src/EdgeOpt.Server/
COPY src/EdgeOpt.Agent/EdgeOpt.Agent.csproj src/EdgeOpt.Agent/
COPY src/EdgeOpt.Cli/EdgeOpt.Cli.csproj src/EdgeOpt.Cli/
RUN RID=linux-$([ "$TARGETARCH" = "arm64" ] && echo arm64 || echo x64) \
 && dotnet restore src/EdgeOpt.Agent/EdgeOpt.Agent.csproj -r $RID \
 && if [ "$TARGETARCH" != "arm64" ]; then dotnet restore src/EdgeOpt.Cli/EdgeOpt.Cli.csproj -r $RID; fi
COPY src/ src/
COPY models/ models/
COPY devices/ devices/
RUN RID=linux-$([ "$TARGETARCH" = "arm64" ] && echo arm64 || echo x64) \
 && dotnet publish src/EdgeOpt.Agent/EdgeOpt.Agent.csproj -c Release -r $RID --self-contained false --no-restore -o /out/agent \
 && if [ "$TARGETARCH" != "arm64" ]; then \
      dotnet publish src/EdgeOpt.Cli/EdgeOpt.Cli.csproj -c Release -r $RID --self-contained false --no-restore -o /out/server \
      && cp -r models devices /out/server/; \
    fi

# The fleet server: `edgeopt serve`, LiteDB under /data (mount a volume there).
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS server
WORKDIR /app
COPY --from=build /out/server/ ./
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME ["/data"]
EXPOSE 5280
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/app/edgeopt", "health", "--server", "http://127.0.0.1:5280"]
ENTRYPOINT ["/app/edgeopt", "serve", "--listen", "http://0.0.0.0:5280", "--data", "/data"]

# The device agent: pass --server and --token (or EDGEOPT_AGENT_TOKEN).
FROM mcr.microsoft.com/dotnet/runtime:${DOTNET_VERSION} AS agent
WORKDIR /app
COPY --from=build /out/agent/ ./
USER app
HEALTHCHECK NONE
ENTRYPOINT ["/app/edgeopt-agent"]
