package ship

import (
	"sort"
	"strings"
)

// Backing is a kind of backing service: a database, cache or queue.
type Backing string

// The backing services dockerize recognises from client libraries.
const (
	Postgres Backing = "postgres"
	MySQL    Backing = "mysql"
	Redis    Backing = "redis"
	MongoDB  Backing = "mongodb"
	Kafka    Backing = "kafka"
	AMQP     Backing = "amqp"
)

// backing is how one kind runs in compose.yaml: the pinned image, the
// variables the image needs, a health check, and what a client connects to.
type backing struct {
	image string
	port  int
	// env the backing container needs; ${VAR:?...} values make compose ask
	// the user's environment for passwords instead of writing one.
	env []Env
	// health is the exec-form health check, empty for none.
	health []string
	// url is the connection URL for a *_URL/_URI/_DSN variable; host and
	// host:port variables get the service name and port.
	url string
}

// backings is the one table of backing services. Images carry exact
// versions, like every base image dockerize names.
var backings = map[Backing]backing{
	Postgres: {
		image:  "postgres:17.6-bookworm",
		port:   5432,
		env:    []Env{{"POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (in the environment or .env)}"}},
		health: []string{"CMD", "pg_isready", "-U", "postgres"},
		url:    "postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/postgres?sslmode=disable",
	},
	MySQL: {
		image:  "mysql:8.4.6",
		port:   3306,
		env:    []Env{{"MYSQL_ROOT_PASSWORD", "${MYSQL_ROOT_PASSWORD:?set MYSQL_ROOT_PASSWORD (in the environment or .env)}"}, {"MYSQL_DATABASE", "app"}},
		health: []string{"CMD", "mysqladmin", "ping", "-h", "127.0.0.1"},
		url:    "mysql://root:${MYSQL_ROOT_PASSWORD}@mysql:3306/app",
	},
	Redis: {
		image:  "redis:7.4.5-bookworm",
		port:   6379,
		health: []string{"CMD", "redis-cli", "ping"},
		url:    "redis://redis:6379",
	},
	MongoDB: {
		image:  "mongo:8.0.12",
		port:   27017,
		health: []string{"CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"},
		url:    "mongodb://mongodb:27017",
	},
	Kafka: {
		image: "apache/kafka:4.0.0",
		port:  9092,
		// One KRaft node that advertises itself by its compose name, so
		// the other containers reach it.
		env: []Env{
			{"KAFKA_NODE_ID", "1"},
			{"KAFKA_PROCESS_ROLES", "broker,controller"},
			{"KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093"},
			{"KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092"},
			{"KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"},
			{"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"},
			{"KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093"},
			{"KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"},
		},
		url: "kafka:9092",
	},
	AMQP: {
		image:  "rabbitmq:4.1.4",
		port:   5672,
		env:    []Env{{"RABBITMQ_DEFAULT_USER", "app"}, {"RABBITMQ_DEFAULT_PASS", "${RABBITMQ_DEFAULT_PASS:?set RABBITMQ_DEFAULT_PASS (in the environment or .env)}"}},
		health: []string{"CMD", "rabbitmq-diagnostics", "-q", "ping"},
		url:    "amqp://app:${RABBITMQ_DEFAULT_PASS}@amqp:5672/",
	},
}

// Backings lists the known kinds, sorted.
func Backings() []string {
	var out []string
	for k := range backings {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// connection is the value for a connection variable, chosen by the shape
// its name promises; ok is false when the name says nothing about it
// (then the variable is left for the user, never guessed).
func (b backing) connection(kind Backing, name string) (string, bool) {
	n := strings.ToUpper(name)
	// JDBC URLs carry no credentials and Spring reads them beside separate
	// user and password variables: not a shape one value can fill.
	if strings.Contains(n, "JDBC") || strings.Contains(n, "DATASOURCE") {
		return "", false
	}
	hostPort := string(kind) + ":" + itoa(b.port)
	switch {
	case hasSuffix(n, "_URL", "_URI", "_DSN"):
		return b.url, true
	case hasSuffix(n, "_ADDR", "_ADDRESS", "_BROKERS", "_BROKER", "_SERVERS", "_BOOTSTRAP_SERVERS"):
		return hostPort, true
	case hasSuffix(n, "_HOST", "_HOSTNAME") || n == "PGHOST":
		return string(kind), true
	case hasSuffix(n, "_PORT") || n == "PGPORT":
		return itoa(b.port), true
	}
	return "", false
}

func hasSuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
