/* SPDX-License-Identifier: MIT */
/* The mail module's table (mail_mod_ops.h): its only exported symbol; built into partnerreview-mail.so alone. */
#include "mail_mod_ops.h"
#include "pdf_encrypt.h"

__attribute__((visibility("default"))) extern const struct mail_mod_ops pr_mail_mod_ops;

const struct mail_mod_ops pr_mail_mod_ops = {
    .size = sizeof(struct mail_mod_ops),
    .version = MAIL_MOD_VERSION,
    .program_version = PR_VERSION,
    .init = mail_init,
    .done = mail_done,
    .check_sender = mail_check_sender,
    .compose = mail_compose,
    .free = mail_free,
    .send_check_url = mail_send_check_url,
    .send_init = mail_send_init,
    .send_done = mail_send_done,
    .server_new = mail_server_new,
    .server_free = mail_server_free,
    .conn_new = mail_conn_new,
    .conn_free = mail_conn_free,
    .conn_send = mail_conn_send,
    .pdf_encrypt = pdf_encrypt,
    .pdf_encrypt_fd = pdf_encrypt_fd,
};
