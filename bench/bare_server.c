/* bare_server.c -- the baseline of the rank benchmark: libmicrohttpd with
 * petory-httpd's daemon settings (epoll, internal thread pool of one
 * thread per core) answering every request with a constant JSON body of
 * a given size, and nothing else.
 *
 *   bare_server PORT BODY_BYTES [THREADS]
 *
 * Prints "listening on http://127.0.0.1:PORT" and runs until SIGTERM or
 * SIGINT.
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *body;
static size_t body_len;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn,
	const char *url, const char *method, const char *version,
	const char *upload, size_t *upload_size, void **state)
{
	struct MHD_Response *response;
	enum MHD_Result ret;
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_size;
	if (!*state) { /* first call: headers only, as petory-httpd does */
		*state = conn;
		return MHD_YES;
	}
	response = MHD_create_response_from_buffer(
		body_len, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(response, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, response);
	MHD_destroy_response(response);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	unsigned port, threads;
	if (argc < 3) {
		fprintf(stderr,
			"usage: bare_server PORT BODY_BYTES [THREADS]\n");
		return 2;
	}
	port = (unsigned)atoi(argv[1]);
	body_len = (size_t)atol(argv[2]);
	threads = argc > 3 ? (unsigned)atoi(argv[3])
			   : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (!(body = malloc(body_len + 1)))
		return 1;
	/* a JSON string of the right length */
	memset(body, 'x', body_len);
	if (body_len >= 2) {
		body[0] = '"';
		body[body_len - 1] = '"';
	}
	d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC,
		(uint16_t)port, NULL, NULL, on_access, NULL,
		MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_THREAD_POOL_SIZE,
		threads > 1 ? threads : 2u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bare_server: cannot start on port %u\n", port);
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("listening on http://127.0.0.1:%u\n", port);
	fflush(stdout);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
