#!/usr/bin/env bash
# Proves the built sites work on a real static host under a sub-path: builds the example site
# (the repo root) and a generated multi-page site (60 articles, 10 a page) with
# `compress: true` and base_url http://127.0.0.1:PORT/tin/, serves each through nginx under
# /tin/ (the README's nginx configuration: gzip_static, error_page 404, immutable caching of
# fingerprinted files), and crawls them with scripts/nginx-crawl.py: every page, asset, feed,
# sitemap and search index file, 0 broken links, and the pre-compressed .gz bodies sent as built
# (and the .br ones, when the brotli_static module is installed: Debian's
# libnginx-mod-http-brotli-static).
#
# nginx runs unprivileged from a temporary folder (configuration, pid, logs and temp paths all
# in it) on free loopback ports, and is stopped on exit whatever happens.
# Usage: scripts/nginx-check.sh     (uses $CARGO_TARGET_DIR or target/, building bantin if needed)
# Env:   BANTIN=path/to/bantin  NGINX=path/to/nginx
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
if [ -z "${BANTIN:-}" ]; then
  cargo build --quiet
  BANTIN=${CARGO_TARGET_DIR:-$repo/target}/debug/bantin
fi
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
if [ ! -x "$NGINX" ]; then
  echo "nginx-check: nginx is required (apt-get install nginx)" >&2
  exit 1
fi
if ! "$NGINX" -V 2>&1 | grep -q -- --with-http_gzip_static_module; then
  echo "nginx-check: this nginx has no gzip_static module" >&2
  exit 1
fi

brotli_module=
for dir in /usr/lib/nginx/modules /usr/lib64/nginx/modules /usr/local/nginx/modules; do
  if [ -f "$dir/ngx_http_brotli_static_module.so" ]; then
    brotli_module=$dir/ngx_http_brotli_static_module.so
    break
  fi
done

work=$(mktemp -d)
nginx_pid=
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two free loopback ports (one per site: each is built for its own base URL).
read -r port_example port_gen < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
')

echo "== build the example site and a generated site for http://127.0.0.1:PORT/tin/, compress: true"
mkdir -p "$work/src/example"
for part in site.yaml content themes templates static; do
  if [ -e "$repo/$part" ]; then cp -R "$repo/$part" "$work/src/example/"; fi
done
printf '\ncompress: true\n' >> "$work/src/example/site.yaml"
python3 bench/gen_corpus.py "$work/src/gen" 60 --categories 4 --paginate 10 >/dev/null
printf '\ncompress: true\n' >> "$work/src/gen/site.yaml"
"$BANTIN" build -r "$work/src/example" -o "$work/www-example/tin" \
  --base-url "http://127.0.0.1:$port_example/tin/" 2>/dev/null
"$BANTIN" build -r "$work/src/gen" -o "$work/www-gen/tin" \
  --base-url "http://127.0.0.1:$port_gen/tin/" 2>/dev/null
# When run as root, nginx's workers drop to an unprivileged user: let it read the sites.
chmod 755 "$work"
chmod -R a+rX "$work/www-example" "$work/www-gen"

# The README's nginx configuration (Deploy → nginx), one server per site.
server() {
  cat <<EOF
  server {
    listen 127.0.0.1:$1;
    root $2;
    location /tin/ {
      gzip_static on;
      gzip_vary on;${brotli_module:+
      brotli_static on;}
      error_page 404 /tin/404.html;
      location ~ "\\.[0-9a-f]{8}\\.(css|js)\$" {
        add_header Cache-Control "public, max-age=31536000, immutable";
      }
    }
  }
EOF
}
mkdir -p "$work/tmp"
cat >"$work/nginx.conf" <<EOF
${brotli_module:+load_module $brotli_module;}
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 64; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  types {
    text/html html;
    text/css css;
    text/javascript js;
    application/json json;
    application/xml xml;
    text/plain txt;
    image/png png;
    image/jpeg jpg jpeg;
    image/webp webp;
    image/svg+xml svg;
  }
  default_type application/octet-stream;
$(server "$port_example" "$work/www-example")
$(server "$port_gen" "$work/www-gen")
}
EOF

echo "== nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$port_example and :$port_gen"
"$NGINX" -t -q -p "$work" -c "$work/nginx.conf" -e "$work/error.log" || {
  cat "$work/error.log" >&2
  exit 1
}
"$NGINX" -p "$work" -c "$work/nginx.conf" -e "$work/error.log" -g 'daemon off;' &
nginx_pid=$!

crawl=(python3 scripts/nginx-crawl.py)
if [ -n "$brotli_module" ]; then
  crawl+=(--brotli)
else
  echo "(no brotli_static module: the .br files are not checked through nginx)"
fi
status=0
echo "== crawl: example site"
"${crawl[@]}" "http://127.0.0.1:$port_example/tin/" "$work/www-example/tin" || status=1
echo "== crawl: generated site"
"${crawl[@]}" "http://127.0.0.1:$port_gen/tin/" "$work/www-gen/tin" || status=1
if ! kill -0 "$nginx_pid" 2>/dev/null; then
  echo "nginx-check: nginx stopped early" >&2
  status=1
fi
if [ $status -ne 0 ]; then
  echo "== nginx error log" >&2
  cat "$work/error.log" >&2 || true
else
  echo "nginx-check: both sites served under /tin/ with 0 broken links and pre-compressed bodies"
fi
exit $status
