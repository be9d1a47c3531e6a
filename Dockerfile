# syntax=docker/dockerfile:1
#
# Sextant's container image: `sextant run` on the current Node.js LTS line (26 "Lithium", Active LTS
# since 2026-10-28), as a non-root user. The build runs exactly the steps CI proves outside Docker
# (`npm ci`, `npm run build`); test/deploy/dockerfile.test.ts checks this file against the repository.
# Bump the Node.js patch release in every FROM together; docs/deploy.md explains how.

# Production dependencies only, in their own stage so this layer is rebuilt only when the lockfile changes.
FROM node:26.13.0-trixie-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# The TypeScript build: every dependency (the compiler is a devDependency), then tsc.
FROM node:26.13.0-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src/ src/
RUN npm run build

# The runtime: compiled code, production node_modules and package.json (main.js reads its version
# from it). Files stay owned by root, so the process cannot change its own code.
FROM node:26.13.0-trixie-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
# The image's `node` user (uid/gid 1000, HOME /home/node), by number so Kubernetes can verify
# runAsNonRoot. The Git cache lives under $HOME/.cache/sextant.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["run", "--listen", "0.0.0.0:8080"]
