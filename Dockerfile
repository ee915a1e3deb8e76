# dynarock: a drop-in for amazon/dynamodb-local (README.md, "docker-compose").
#   docker build -t dynarock .
#   docker run -p 8000:8000 dynarock        # in memory, like amazon/dynamodb-local
#   docker run -p 8000:8000 -v "$PWD/docker/dynamodb:/home/dynamodblocal/data" \
#     dynarock -jar DynamoDBLocal.jar -sharedDb -dbPath ./data
# The Debian packages of both stages are groups of scripts/packages.txt (the
# list scripts/deps.sh installs from too), printed by scripts/packages.sh.

# Build: only the dynarock target, Release, without the unit tests.
FROM debian:bookworm AS build
COPY scripts/packages.sh scripts/packages.txt /tmp/packages/
RUN packages=$(sh /tmp/packages/packages.sh build) \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDDB_TESTS=OFF \
 && cmake --build build --target dynarock

# The stream consumer of docker-compose.yml (service cruddur-messaging-stream):
# the messaging layer and its requirements (pinned boto3).
# `docker build .` does not build this stage; compose asks for it by name.
FROM python:3.11-slim-bookworm AS messaging-stream
COPY messaging/requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt
WORKDIR /app
COPY messaging/cruddur_messaging ./cruddur_messaging
ENV PYTHONUNBUFFERED=1
CMD ["python", "-m", "cruddur_messaging.consumer"]

# The image: the binary, the shared libraries it loads (group runtime), and
# DynamoDB Local's layout, so "-dbPath ./data" and a volume on
# /home/dynamodblocal/data work unchanged.
FROM debian:bookworm-slim
COPY scripts/packages.sh scripts/packages.txt /tmp/packages/
RUN packages=$(sh /tmp/packages/packages.sh runtime) \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages \
 && rm -rf /var/lib/apt/lists/* /tmp/packages
COPY --from=build /src/build/dynarock /usr/local/bin/dynarock
COPY scripts/docker-entrypoint.sh scripts/docker-healthcheck.sh /usr/local/bin/
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/docker-healthcheck.sh \
 && useradd --uid 1000 --user-group --create-home --home-dir /home/dynamodblocal \
      --shell /usr/sbin/nologin dynamodblocal \
 && install -d -o dynamodblocal -g dynamodblocal /home/dynamodblocal/data
WORKDIR /home/dynamodblocal
# The container starts as root; the entrypoint runs dynarock as this user (or
# as the owner of a bind-mounted data directory), never as root.
ENV DYNAROCK_USER=dynamodblocal
# The web console at http://localhost:8000/console; DYNAROCK_CONSOLE=0 turns it off.
ENV DYNAROCK_CONSOLE=1
EXPOSE 8000
# Probes port 8000: publish another host port with `ports:` rather than
# changing the container's port with -port.
HEALTHCHECK --interval=3s --timeout=3s --start-period=10s --retries=3 \
  CMD ["docker-healthcheck.sh"]
# No CMD: without arguments the entrypoint serves in memory, as
# amazon/dynamodb-local does without a command.
ENTRYPOINT ["docker-entrypoint.sh"]
