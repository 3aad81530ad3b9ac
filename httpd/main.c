/* main.c -- petory-httpd startup and shutdown.
 *
 * Order matters: SIGINT, SIGTERM and SIGHUP are blocked before any thread
 * exists, so every thread (libmicrohttpd's, libpetory's) inherits the mask
 * and only the main thread receives them, in sigwait().  SIGHUP reopens
 * --access-log and --log-file (logrotate's postrotate) and goes on.  The
 * listening socket is bound before the library is opened so that the OAuth
 * redirect URI can name the real port when --port is 0.  Shutdown stops
 * accepting, lets requests in flight finish, stops the daemon and only then
 * closes the library (the database is checkpointed and closed cleanly). Exit
 * status: 0 after a signal, 1 when startup fails, 2 for bad configuration.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <petory.h>

#include "access_log.h"
#include "config.h"
#include "log.h"
#include "metrics.h"
#include "scheduler.h"
#include "server.h"
#include "static_files.h"
#include "ws_hub.h"

#define SHUTDOWN_GRACE_S 10

/* Raise the soft open-file limit to the hard one: each connection is a
 * descriptor, and the default soft limit (1024) is far below
 * --max-connections. */
static void raise_nofile_limit(const struct config *cfg)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max;
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
			rl.rlim_cur = want > 1048576 ? 1048576 : want;
			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				getrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	if (rl.rlim_cur != RLIM_INFINITY &&
		rl.rlim_cur < (rlim_t)cfg->max_connections + 64)
		log_msg(PETORY_LOG_WARN,
			"open-file limit %llu is below --max-connections %lld",
			(unsigned long long)rl.rlim_cur, cfg->max_connections);
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t i, len = strlen(dir);

	if (len >= sizeof(path))
		return errno = ENAMETOOLONG, -1;
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0750) < 0 && errno != EEXIST)
			return -1;
		path[i] = i < len ? '/' : '\0';
	}
	return 0;
}

static void print_defaults_note(void)
{
	fprintf(stderr,
		"petory-httpd: no configuration given; using the defaults: "
		"database ./petory.db, port 8080 on 127.0.0.1, local files in "
		"./files, no Redis (see --help)\n");
}

/* One line on stderr for a database that could not be opened: an invalid
 * --db URL names the flag (a configuration error); otherwise the database
 * (its URL without the password) and what the library found. */
static void open_failed(const struct config *cfg, int rc)
{
	const petory_error *e = petory_error_last();
	char shown[512];
	if (strcmp(e->reason, "DATABASE_URL_INVALID") == 0) {
		fprintf(stderr, "petory-httpd: --db: %s\n", e->message);
		return;
	}
	fprintf(stderr, "petory-httpd: cannot open the database %s: %s [%s]\n",
		petory_database_display(shown, sizeof(shown), cfg->db),
		e->message, e->reason[0] ? e->reason : petory_error_name(rc));
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct server srv;
	petory_options opts = PETORY_OPTIONS_INIT;
	petory_secrets secrets;
	char public_url[256], redirect_uri[320], shown[512];
	sigset_t stop_signals;
	int rc, sig = 0, status = 1;

	switch (config_load(&cfg, argc, argv)) {
	case CONFIG_EXIT:
		return 0;
	case CONFIG_ERROR:
		return 2;
	case CONFIG_RUN:
		break;
	}
	memset(&srv, 0, sizeof(srv));
	srv.listen_fd = -1;
	srv.cfg = &cfg;
	log_init((petory_log_level)cfg.log_level,
		cfg.log_format && strcmp(cfg.log_format, "text") == 0);
	if (log_open(cfg.log_file) < 0) {
		fprintf(stderr, "petory-httpd: cannot open --log-file %s: %s\n",
			cfg.log_file, strerror(errno));
		config_dispose(&cfg);
		return 1;
	}
	if (!cfg.configured)
		print_defaults_note();

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	raise_nofile_limit(&cfg);

	if (make_dirs(cfg.files) < 0) {
		fprintf(stderr, "petory-httpd: cannot create --files %s: %s\n",
			cfg.files, strerror(errno));
		goto done;
	}
	if (access_log_open(cfg.access_log) < 0) {
		fprintf(stderr,
			"petory-httpd: cannot open --access-log %s: %s\n",
			cfg.access_log, strerror(errno));
		goto done;
	}
	if (!(srv.web_csp = web_csp_build(&cfg))) {
		fprintf(stderr, "petory-httpd: out of memory\n");
		goto done;
	}
	if (server_listen(&srv, &cfg) < 0)
		goto done;

	if (cfg.public_url)
		snprintf(public_url, sizeof(public_url), "%s", cfg.public_url);
	else
		snprintf(public_url, sizeof(public_url), "http://%s:%u",
			srv.listen_addr, srv.port);
	snprintf(redirect_uri, sizeof(redirect_uri),
		"%s/login/oauth2/code/google", public_url);
	config_to_options(&cfg, &opts, redirect_uri);
	/* Keys from a secrets file or the environment (never written to the
	 * database); --jwt-secret and --files-secret still come first. */
	if ((rc = petory_secrets_load(&secrets, cfg.secrets_file)) < 0) {
		fprintf(stderr, "petory-httpd: --secrets-file: %s [%s]\n",
			petory_error_last()->message,
			petory_error_last()->reason);
		status = 2;
		goto done;
	}
	if (!opts.jwt_secret)
		opts.jwt_secret = secrets.jwt_key;
	if (!opts.jwt_previous_secrets)
		opts.jwt_previous_secrets = secrets.jwt_previous_keys;
	if (!opts.files_secret)
		opts.files_secret = secrets.url_key;
	rc = petory_open(&srv.db, &opts);
	petory_secrets_dispose(&secrets);
	if (rc < 0) {
		open_failed(&cfg, rc);
		if (strcmp(petory_error_last()->reason,
			    "DATABASE_URL_INVALID") == 0)
			status = 2; /* bad configuration */
		goto done;
	}
	if (metrics_init() < 0 || !(srv.ws = ws_hub_start(&srv)) ||
		server_start(&srv) < 0 || scheduler_start(srv.db) < 0)
		goto done;

	printf("listening on http://%s:%u\n", srv.listen_addr, srv.port);
	fflush(stdout);
	log_msg(PETORY_LOG_INFO,
		"petory-httpd %s (libpetory %s): %lld threads, at most %lld "
		"connections, database %s",
		PETORY_VERSION_STRING, petory_version_string(), cfg.threads,
		cfg.max_connections,
		petory_database_display(shown, sizeof(shown), cfg.db));

	for (;;) {
		if (sigwait(&stop_signals, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		if (access_log_reopen() < 0)
			log_msg(PETORY_LOG_ERROR,
				"SIGHUP: cannot reopen --access-log %s: %s",
				cfg.access_log, strerror(errno));
		if (log_reopen() < 0)
			log_msg(PETORY_LOG_ERROR,
				"SIGHUP: cannot reopen --log-file %s: %s",
				cfg.log_file, strerror(errno));
		log_msg(PETORY_LOG_INFO, "SIGHUP: log files reopened");
	}
	log_msg(PETORY_LOG_INFO, "signal %d: shutting down", sig);
	status = 0;

done:
	scheduler_stop();
	server_stop(&srv, SHUTDOWN_GRACE_S);
	petory_close(srv.db);
	ws_hub_free(srv.ws); /* the library's hooks pointed at it */
	metrics_free();
	access_log_close();
	log_close();
	free(srv.web_csp);
	config_dispose(&cfg);
	return status;
}
