/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded queue of byte blocks between one producer thread and one
 * consumer thread. The layer reader uses it to decompress and hash a
 * layer on one thread while the tar reader and the analyzers run on
 * another (layer.c).
 */
#ifndef DSEC_LAYER_QUEUE_H
#define DSEC_LAYER_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define DSEC_BLOCK_QUEUE_SLOTS		8
#define DSEC_BLOCK_QUEUE_SLOT_SIZE	(256 * 1024)

struct dsec_block_queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* any field below changed */
	unsigned char *slots[DSEC_BLOCK_QUEUE_SLOTS];
	size_t len[DSEC_BLOCK_QUEUE_SLOTS];
	unsigned int head;		/* next slot the producer fills */
	unsigned int tail;		/* next slot the consumer reads */
	unsigned int used;		/* published slots, and the one the consumer holds */
	bool holding;			/* the consumer holds slot tail - 1 */
	bool closed;			/* the producer published its last block */
	bool cancelled;			/* the consumer stopped reading */
	int err;			/* the producer's error, 0 at a clean end */
};

int dsec_block_queue_init(struct dsec_block_queue *q);
void dsec_block_queue_destroy(struct dsec_block_queue *q);

/* Producer side. */
unsigned char *dsec_block_queue_reserve(struct dsec_block_queue *q);
void dsec_block_queue_publish(struct dsec_block_queue *q, size_t len);
void dsec_block_queue_close(struct dsec_block_queue *q, int err);

/* Consumer side. */
ssize_t dsec_block_queue_pop(struct dsec_block_queue *q, const void **ret_block);
void dsec_block_queue_cancel(struct dsec_block_queue *q);

#endif /* DSEC_LAYER_QUEUE_H */
