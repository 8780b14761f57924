#!/usr/bin/env python3
"""COMPARISON PEER, NOT PRODUCT CODE.

Plain PyTorch training loop over the same network as the project's default compact-cnn (5 conv3x3-BN-ReLU
layers 32-48-48-64-52, max-pools after the 1st, 3rd and 5th, placed before their ReLU as in the project, the
3x3x52 map flattened, dropout 0.2, linear), the same batch size, optimizer (AdamW), label smoothing and thread
count, on Fashion-MNIST, so throughput-vs-pytorch.sh can compare the DJL training loop with it in one run.
The project computes its first layer as a matrix product of the image's patches, whose output is stored channels-last
(NHWC memory); plain PyTorch convolves and keeps NCHW, and so does this peer unless PEER_CHANNELS_LAST=1 (convolve,
then copy the output into NHWC memory: the faster of the two for this torch 1.13) or PEER_CHANNELS_LAST=patch (the
project's patch product).
Needs Debian's python3-torch and python3-numpy.

usage: pytorch_peer.py FASHION_MNIST_DIR BATCHES [BATCH_SIZE] [THREADS]
prints: peer images_per_second=N batches=N batch_size=N threads=N channels_last=(empty|1|patch) torch=VERSION
"""
import gzip
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


class ToChannelsLast(nn.Module):
    def forward(self, x):
        return x.contiguous(memory_format=torch.channels_last)


class PatchConv2d(nn.Conv2d):
    """The project's first layer (ChannelsLastConv2d): a 3x3, stride-1, padding-1 convolution as one matrix product
    of the image's patches with the filters, whose output comes out channels-last (NHWC memory, NCHW shape)."""

    def forward(self, x):
        n, c, h, w = x.shape
        padded = nn.functional.pad(x, (1, 1, 1, 1))
        shifted = [padded[:, :, i:i + h, j:j + w] for i in range(3) for j in range(3)]
        patches = torch.stack(shifted, 4).permute(0, 2, 3, 1, 4).reshape(n * h * w, c * 9)
        out = patches @ self.weight.reshape(self.out_channels, c * 9).t()
        return out.reshape(n, h, w, self.out_channels).permute(0, 3, 1, 2)


def compact_cnn(widths=(32, 48, 48, 64, 52), pool_after=(1, 3, 5), classes=10, channels_last=""):
    layers, channels = [], 1
    for i, w in enumerate(widths):
        first = i == 0
        conv = PatchConv2d if first and channels_last == "patch" else nn.Conv2d
        layers.append(conv(channels, w, 3, padding=1, bias=False))
        if first and channels_last == "1":
            layers.append(ToChannelsLast())
        layers.append(nn.BatchNorm2d(w))
        if i + 1 in pool_after:
            layers.append(nn.MaxPool2d(2))
        layers.append(nn.ReLU(inplace=True))
        channels = w
    side = 28 // 2 ** len(pool_after)
    layers += [nn.Flatten(), nn.Dropout(0.2), nn.Linear(channels * side * side, classes)]
    return nn.Sequential(*layers)


def main():
    data, batches = sys.argv[1], int(sys.argv[2])
    batch_size = int(sys.argv[3]) if len(sys.argv) > 3 else 128
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    images = read_idx(f"{data}/train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
    labels = read_idx(f"{data}/train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    x_all = (torch.from_numpy(images.astype(np.float32)) / 255.0 - 0.2860) / 0.3530
    y_all = torch.from_numpy(labels)
    channels_last = os.environ.get("PEER_CHANNELS_LAST", "")
    model = compact_cnn(channels_last=channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.003, weight_decay=0.0005)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    order = torch.randperm(len(y_all))
    model.train()
    start = time.perf_counter()
    seen = 0
    for b in range(batches):
        index = order[(b * batch_size) % len(order):][:batch_size]
        x, y = x_all[index], y_all[index]
        flip = torch.rand(len(index)) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(3), x)
        optimizer.zero_grad()
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        seen += len(index)
    seconds = time.perf_counter() - start
    print(f"peer images_per_second={seen / seconds:.1f} batches={batches} batch_size={batch_size} "
          f"threads={threads} channels_last={channels_last} torch={torch.__version__}")


if __name__ == "__main__":
    main()
