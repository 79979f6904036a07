// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded queue of byte blocks, one producer and one consumer.
 *
 * The slots form a ring. The producer fills the slot at head and
 * publishes it; the consumer reads the slot at tail and holds it until
 * its next pop, because a libarchive read callback's block must stay
 * valid until the callback is called again. A held slot counts as used,
 * so the producer never writes into it. Memory is fixed at
 * DSEC_BLOCK_QUEUE_SLOTS * DSEC_BLOCK_QUEUE_SLOT_SIZE per queue.
 */
#include <errno.h>
#include <stdlib.h>

#include "scan/layer_queue.h"

int dsec_block_queue_init(struct dsec_block_queue *q)
{
	unsigned int i;

	*q = (struct dsec_block_queue){ 0 };
	for (i = 0; i < DSEC_BLOCK_QUEUE_SLOTS; i++) {
		q->slots[i] = malloc(DSEC_BLOCK_QUEUE_SLOT_SIZE);
		if (!q->slots[i])
			goto out_free;
	}
	if (pthread_mutex_init(&q->lock, NULL))
		goto out_free;
	if (pthread_cond_init(&q->changed, NULL)) {
		pthread_mutex_destroy(&q->lock);
		goto out_free;
	}
	return 0;

out_free:
	while (i-- > 0)
		free(q->slots[i]);
	return -ENOMEM;
}

/* Only after the producer thread has been joined. */
void dsec_block_queue_destroy(struct dsec_block_queue *q)
{
	unsigned int i;

	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->lock);
	for (i = 0; i < DSEC_BLOCK_QUEUE_SLOTS; i++)
		free(q->slots[i]);
}

/**
 * dsec_block_queue_reserve() - Wait for a free slot and return it.
 *
 * Return: a buffer of DSEC_BLOCK_QUEUE_SLOT_SIZE bytes to fill and pass
 * to dsec_block_queue_publish(), or NULL once the consumer cancelled.
 */
unsigned char *dsec_block_queue_reserve(struct dsec_block_queue *q)
{
	unsigned char *slot = NULL;

	pthread_mutex_lock(&q->lock);
	while (!q->cancelled && q->used == DSEC_BLOCK_QUEUE_SLOTS)
		pthread_cond_wait(&q->changed, &q->lock);
	if (!q->cancelled)
		slot = q->slots[q->head];
	pthread_mutex_unlock(&q->lock);
	return slot;
}

/* Hands the reserved slot, filled with @len bytes, to the consumer. */
void dsec_block_queue_publish(struct dsec_block_queue *q, size_t len)
{
	if (!len)
		return;		/* a zero length would read as the end */
	pthread_mutex_lock(&q->lock);
	q->len[q->head] = len;
	q->head = (q->head + 1) % DSEC_BLOCK_QUEUE_SLOTS;
	q->used++;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

/* Ends the stream: @err is 0 at a clean end, else a negative errno. */
void dsec_block_queue_close(struct dsec_block_queue *q, int err)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	q->err = err;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

/**
 * dsec_block_queue_pop() - Release the block of the previous pop and
 * wait for the next one.
 *
 * Blocks published before an error are returned before the error.
 *
 * Return: the length of the block stored in @ret_block, 0 at the end of
 * the stream, or the producer's negative errno.
 */
ssize_t dsec_block_queue_pop(struct dsec_block_queue *q, const void **ret_block)
{
	ssize_t r;

	pthread_mutex_lock(&q->lock);
	if (q->holding) {
		q->holding = false;
		q->used--;
		pthread_cond_broadcast(&q->changed);
	}
	while (!q->used && !q->closed)
		pthread_cond_wait(&q->changed, &q->lock);
	if (q->used) {
		*ret_block = q->slots[q->tail];
		r = (ssize_t)q->len[q->tail];
		q->tail = (q->tail + 1) % DSEC_BLOCK_QUEUE_SLOTS;
		q->holding = true;
	} else {
		r = q->err;
	}
	pthread_mutex_unlock(&q->lock);
	return r;
}

/* Stops the producer at its next dsec_block_queue_reserve(). */
void dsec_block_queue_cancel(struct dsec_block_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->cancelled = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}
